package io.deletiongateway.errors;

/**
 * How answers of one route are shaped: the API's error dialect, and whether the client asked for an Atlas
 * envelope ({@code envelope=true}: every answer is {"status": N, "content": …} with a 200 status line).
 */
public record ErrorStyle(ErrorDialect dialect, boolean envelope) {
  public static final ErrorStyle DEFAULT = new ErrorStyle(ErrorDialect.DOCUMENTED, false);
}
