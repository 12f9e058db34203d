package io.deletiongateway.contract;

import java.util.Optional;

/**
 * Where an operation names the organization it acts on ({@code x-gateway-organization}): a parameter holding
 * its id and, optionally, one holding its alias (Katapult's sub_domain).
 */
public record OrganizationTarget(String in, String idParameter, Optional<String> aliasParameter) {
}
