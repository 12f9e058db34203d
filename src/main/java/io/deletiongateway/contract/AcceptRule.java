package io.deletiongateway.contract;

import java.util.List;
import java.util.regex.Pattern;

/** A versioned media type the client must ask for in Accept (Atlas v2: application/vnd.atlas.DATE+json). */
public record AcceptRule(Pattern pattern, List<String> versions) {

  /** The requested version when {@code accept} names a supported one, otherwise null. */
  public String supportedVersion(String accept) {
    if (accept == null) {
      return null;
    }
    for (String candidate : accept.split(",")) {
      String mediaType = candidate.split(";", 2)[0].trim();
      if (pattern.matcher(mediaType).matches()) {
        for (String version : versions) {
          if (mediaType.contains("." + version + "+")) {
            return version;
          }
        }
      }
    }
    return null;
  }
}
