package io.deletiongateway.referencebackends;

import java.util.Map;

/** A Katapult organization: its lookup keys, status, and how many of each resource still block deletion. */
public record KatapultOrganization(String id, String subDomain, Status status, Map<String, Integer> resources) {
  public enum Status { ACTIVE, SUSPENDED, NOT_ACTIVATED }
}
