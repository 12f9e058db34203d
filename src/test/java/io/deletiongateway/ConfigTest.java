package io.deletiongateway;

import io.deletiongateway.config.ConfigException;
import io.deletiongateway.config.ConfigLoader;
import io.deletiongateway.config.GatewayConfig;
import io.deletiongateway.support.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config mistakes stop startup with one message naming the key path; the CLI's check command exits accordingly. */
class ConfigTest {
  static final String VALID = """
    server: {port: 8080}
    backends:
      main: {url: embedded}
    apis:
      atlas:
        contract: openapi/atlas-admin.yaml
        backend: main
        operations: {deleteOrganizationV1: {}}
    """;

  static String refused(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, Map.of())).getMessage();
  }

  @Test
  void theShippedConfigIsValidAndUsesTheEnvironment() throws Exception {
    GatewayConfig defaults = ConfigLoader.load(RunningGateway.SHIPPED_CONFIG, Map.of());
    assertEquals(8080, defaults.server().port());
    assertTrue(defaults.needsEmbeddedBackends());
    GatewayConfig custom = ConfigLoader.load(RunningGateway.SHIPPED_CONFIG,
      Map.of("GATEWAY_PORT", "9999", "ATLAS_BACKEND_URL", "http://10.0.0.5:8443/base"));
    assertEquals(9999, custom.server().port());
    assertEquals(Runtime.getRuntime().availableProcessors(), defaults.server().eventLoops(), "one event loop per core by default");
    assertEquals("/base", custom.backends().get("atlas").url().orElseThrow().getPath());
  }

  @Test
  void misspelledKeyIsRefusedWithItsPath() {
    assertEquals("config error at server.prot: unknown key", refused(VALID.replace("port:", "prot:")));
    assertEquals("config error at apis.atlas.backnd: unknown key",
      refused(VALID.replace("backend: main", "backend: main\n    backnd: main")));
    assertEquals("config error at apis.atlas.operations.deleteOrganizationV1.timeout: unknown key",
      refused(VALID.replace("deleteOrganizationV1: {}", "deleteOrganizationV1: {timeout: 3}")));
  }

  @Test
  void wrongTypesAndMissingValuesAreRefusedWithTheirPath() {
    assertEquals("config error at server.port: expected a whole number, found 'eighty'", refused(VALID.replace("8080", "eighty")));
    assertEquals("config error at server.port: must be between 0 and 65535, found 70000", refused(VALID.replace("8080", "70000")));
    assertEquals("config error at server.event_loops: must be between 1 and 256, found 0",
      refused(VALID.replace("{port: 8080}", "{port: 8080, event_loops: 0}")));
    assertEquals("config error at server: expected a mapping of keys to values", refused(VALID.replace("{port: 8080}", "[8080]")));
    assertEquals("config error at apis.atlas.contract: a value is required", refused(VALID.replace("contract: openapi/atlas-admin.yaml", "contract: \"\"")));
    assertEquals("config error at backends.main.url: expected an http(s) URL with a host, or 'embedded', found 'ftp://x'",
      refused(VALID.replace("url: embedded", "url: ftp://x")));
    assertEquals("config error at apis.atlas.backend: no backend named 'other' under backends", refused(VALID.replace("backend: main", "backend: other")));
    assertEquals("config error at server.port: environment variable NOPE is not set and has no default", refused(VALID.replace("8080", "\"${NOPE}\"")));
    assertTrue(refused("server: {port: [1, 2}").startsWith("config error at <root>: not valid YAML"));
  }

  @Test
  void anUnquotedOffTurnsTheAccessLogOffAndTheAuditLogCannotBeTurnedOff() {
    // YAML 1.1 reads unquoted off as false; that once became a log file named "false".
    assertEquals("off", ConfigLoader.parse(VALID + "observability: {access_log: off}\n", Map.of()).observability().accessLog());
    assertEquals("off", ConfigLoader.parse(VALID + "observability: {access_log: \"off\"}\n", Map.of()).observability().accessLog());
    assertEquals("config error at observability.audit_log: cannot be off; use stdout or a file path",
      refused(VALID + "observability: {audit_log: off}\n"));
    assertEquals("config error at observability.access_log: expected stdout, a file path or off, found 'true'",
      refused(VALID + "observability: {access_log: yes}\n"));
  }

  @Test
  void anOperationNoContractHasStopsStartup() {
    Exception e = assertThrows(Exception.class, () -> RunningGateway.fromYaml(
      VALID.replace("deleteOrganizationV1", "deleteOrganisation"), Map.of()));
    assertEquals("config error at apis.atlas.operations.deleteOrganisation: no operation with this operationId in openapi/atlas-admin.yaml",
      e.getMessage());
  }

  @Test
  void aBrokenContractStopsStartupWithAClearMessage(@TempDir Path dir) throws Exception {
    Path contract = dir.resolve("broken.yaml");
    Files.writeString(contract, "openapi: 3.1.0\ninfo: {title: x}\npaths: {/x: {get: {responses: {}}}}\n");
    Exception e = assertThrows(Exception.class, () -> RunningGateway.fromYaml(
      VALID.replace("openapi/atlas-admin.yaml", contract.toString()), Map.of()));
    assertTrue(e.getMessage().startsWith("config error at apis.atlas.contract: contract " + contract + " is not a valid OpenAPI document"),
      e.getMessage());
  }

  @Test
  void aPathParameterTheRouterCannotBindStopsStartup(@TempDir Path dir) throws Exception {
    // vertx-web would route "{org.id}" as a parameter "org" followed by the text ".id": "org.id" never bound or validated.
    Path contract = dir.resolve("atlas.yaml");
    Files.writeString(contract, Files.readString(Path.of("openapi/atlas-admin.yaml")).replace("orgId", "org.id"));
    Exception e = assertThrows(Exception.class, () -> RunningGateway.fromYaml(
      VALID.replace("openapi/atlas-admin.yaml", contract.toString()), Map.of()));
    assertTrue(e.getMessage().startsWith("config error at apis.atlas.contract: deleteOrganizationV1: path parameter {org.id} cannot be routed"),
      e.getMessage());
  }

  @Test
  void checkCommandExitsZeroForTheShippedConfigAndNonZeroForABadOne(@TempDir Path dir) throws Exception {
    var ok = cli("check", "conf/gateway.yaml");
    assertEquals(0, ok.exit(), ok.output());
    assertTrue(ok.output().contains("OK (3 APIs, 4 operations, 3 backends)"), ok.output());

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(RunningGateway.SHIPPED_CONFIG).replace("max_body_bytes", "max_bdy_bytes"));
    var refused = cli("check", bad.toString());
    assertEquals(1, refused.exit(), refused.output());
    assertTrue(refused.output().contains("config error at server.max_bdy_bytes: unknown key"), refused.output());
  }

  static io.deletiongateway.support.GatewayProcess.CliResult cli(String... args) throws Exception {
    return io.deletiongateway.support.GatewayProcess.cli(Map.of(), args);
  }

  @Test
  void twoParsesOfOneConfigAreEqualTokensAndNetworksIncluded() throws Exception {
    String yaml = Files.readString(RunningGateway.SHIPPED_CONFIG)
      .replace("trusted_proxies: ${TRUSTED_PROXIES:-}", "trusted_proxies: [\"10.0.0.0/8\", \"2001:db8::/32\"]");
    GatewayConfig first = ConfigLoader.parse(yaml, Map.of());
    GatewayConfig second = ConfigLoader.parse(yaml, Map.of());
    assertEquals(first, second, "records compare by value, so a reload can tell what changed");
    assertEquals(first.hashCode(), second.hashCode());
    assertTrue(!first.equals(ConfigLoader.parse(yaml.replace("10.0.0.0/8", "10.0.0.0/9"), Map.of())), "a changed network differs");
    assertTrue(!first.auth().equals(ConfigLoader.parse(yaml.replace(
      "sha256:47b0fdca6498b7b6054a2fc0de35e9413170b19f7c3ab1111ed3fcfbf0b6f716",
      "sha256:47b0fdca6498b7b6054a2fc0de35e9413170b19f7c3ab1111ed3fcfbf0b6f717"), Map.of()).auth()), "a changed token hash differs");
  }

  @Test
  void trustedProxiesComeFromTheEnvironmentAsACommaSeparatedList() throws Exception {
    String shipped = Files.readString(RunningGateway.SHIPPED_CONFIG);
    assertEquals(List.of(), ConfigLoader.parse(shipped, Map.of()).server().trustedProxies());
    assertEquals(List.of("10.0.0.0/8", "172.28.0.10/32"), ConfigLoader.parse(shipped, Map.of("TRUSTED_PROXIES", "10.0.0.0/8, 172.28.0.10/32"))
      .server().trustedProxies().stream().map(Object::toString).toList());
    assertTrue(refused(shipped.replace("${TRUSTED_PROXIES:-}", "\"10.0.0.0/8,nonsense\"")).contains("trusted_proxies[1]"));
  }
}
