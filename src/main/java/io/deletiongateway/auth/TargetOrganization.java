package io.deletiongateway.auth;

import java.util.Optional;

/**
 * The organization a request acts on, resolved once per request (an alias to its id) and read by the rate-limit,
 * organization and audit stages. {@code given} is the id or alias as the request gave it; {@code id} the resolved
 * id (null when an alias names nothing); {@code known} its directory entry.
 */
public record TargetOrganization(String given, String id, Optional<Organization> known) {

  /** What partitions a bucket: the id, so both spellings share one; an unresolved alias apart from any id. */
  public String bucketPart() {
    return id != null ? id : "alias:" + given;
  }

  /** What an audit record names: the id when known, else what the request gave. */
  public String audited() {
    return id != null ? id : given;
  }
}
