package io.deletiongateway.support.clients;

/**
 * What a client surfaces to its caller for one answer: the error code it recognised (null when none), the HTTP
 * status it reports (0 when it lost it), and the message or error value its caller sees.
 */
public record Surfaced(String code, int status, String message) {
  public static Surfaced nothing(String message) {
    return new Surfaced(null, 0, message);
  }

  @Override
  public String toString() {
    return code != null ? code + " (" + status + ")" : message;
  }
}
