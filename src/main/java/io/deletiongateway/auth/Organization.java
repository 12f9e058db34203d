package io.deletiongateway.auth;

import java.util.Optional;

/** An entry of the gateway's organization directory: its id, an optional alias (Katapult sub_domain), its status. */
public record Organization(String id, Optional<String> alias, Status status) {
  public enum Status { ACTIVE, SUSPENDED, NOT_ACTIVATED }
}
