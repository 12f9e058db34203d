package io.deletiongateway.support;

import io.deletiongateway.auth.ApiTokenFormat;

import java.util.Map;

/** Gateway configs for the rate-limit tests: the reference backends, the demo token, tunable buckets and store. */
public final class LimitedGateways {
  public static final String STEPS = "/core/v1/organizations/organization/deletion_steps?organization%5Bid%5D=org_5xk2n8qvd3";
  public static final String ATLAS = "/api/atlas/v1.0/orgs/";
  public static final String[] ATLAS_ORGS = {"4888442a3354817a7320eb61", "65a1b2c3d4e5f60718293a4b", "65a1b2c3d4e5f60718293a4c"};

  private LimitedGateways() {
  }

  /**
   * @param redis     the redis: section (e.g. {@code {url: "redis://…"}}, or {@code {}} for the embedded store)
   * @param reads     bucket of the GET deletion-steps route (fails open), e.g. {@code capacity: 10, rate: 1, period_seconds: 3600}
   * @param deletions bucket of the Atlas delete route, keyed by principal and organization (fails closed)
   */
  public static RunningGateway start(String redis, String reads, String deletions) throws Exception {
    return RunningGateway.fromYaml("""
      server: {host: 127.0.0.1, port: 0, event_loops: 4}   # several loops: buckets are shared across them
      backends: {reference: {url: embedded}}
      apis:
        katapult: {contract: openapi/katapult-core-v1.yaml, backend: reference, operations: {"get:organization_deletion_steps": {rate_limit: reads}}}
        atlas: {contract: openapi/atlas-admin.yaml, backend: reference, operations: {deleteOrganizationV1: {rate_limit: deletions}}}
      auth:
        api_tokens:
          demo-full: {hash: "%s", organization: org_5xk2n8qvd3, manages: ["4888442a3354817a7320eb61", "65a1b2c3d4e5f60718293a4b", "65a1b2c3d4e5f60718293a4c"],
                      scopes: ["organizations:delete", "ORG_OWNER"]}
      organizations: {org_5xk2n8qvd3: {}, 4888442a3354817a7320eb61: {}, 65a1b2c3d4e5f60718293a4b: {}, 65a1b2c3d4e5f60718293a4c: {}}
      redis: %s
      rate_limits:
        auth_failures: {rate: 3, period_seconds: 3600}
        policies:
          reads: {%s, key: [principal]}
          deletions: {%s, key: [principal, organization]}
      """.formatted(ApiTokenFormat.hash(DemoTokens.FULL), redis, reads, deletions), Map.of());
  }
}
