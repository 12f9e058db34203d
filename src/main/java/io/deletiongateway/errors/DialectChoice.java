package io.deletiongateway.errors;

/**
 * An API's configured {@code error_dialect}: one dialect for every request, or {@code negotiated}: the atlas
 * dialect for a request that accepts an Atlas versioned media type ({@code application/vnd.atlas.YYYY-MM-DD+json},
 * which atlas-sdk-go and the Atlas CLI always send), the documented triplet for any other.
 */
public enum DialectChoice {
  DOCUMENTED, KATAPULT, ATLAS, F5XC, NEGOTIATED;

  public ErrorDialect resolve(String accept) {
    return switch (this) {
      case DOCUMENTED -> ErrorDialect.DOCUMENTED;
      case KATAPULT -> ErrorDialect.KATAPULT;
      case ATLAS -> ErrorDialect.ATLAS;
      case F5XC -> ErrorDialect.F5XC;
      case NEGOTIATED -> acceptsAtlasMediaType(accept) ? ErrorDialect.ATLAS : ErrorDialect.DOCUMENTED;
    };
  }

  static boolean acceptsAtlasMediaType(String accept) {
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/vnd.atlas.");
  }
}
