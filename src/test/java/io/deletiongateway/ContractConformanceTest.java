package io.deletiongateway;

import io.deletiongateway.support.ContractConformance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.deletiongateway.SeedOperationsTest.ATLAS_V1;
import static io.deletiongateway.SeedOperationsTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract check every test's answers go through (it can fail): an undeclared status, a body off its schema, a
 * missing declared header, a non-triplet off every API's paths are each refused; a declared answer passes.
 */
class ContractConformanceTest {
  static final String TRIPLET = "{\"code\":\"scope_not_granted\",\"description\":\"d\",\"detail\":{}}";

  static Map<String, String> headers(String... pairs) {
    Map<String, String> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    out.put("Content-Type", "application/json");
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  @Test
  void aDeclaredAnswerPasses() {
    ContractConformance.check("GET", STEPS + "?x=1", 403, headers("X-Request-Id", "r1"), TRIPLET);
    ContractConformance.check("DELETE", ATLAS_V1 + "4888442a3354817a7320eb61", 204, headers("X-Request-Id", "r1"), "");
  }

  @Test
  void anUndeclaredStatusFails() {
    AssertionError e = assertThrows(AssertionError.class,
      () -> ContractConformance.check("GET", STEPS, 418, headers("X-Request-Id", "r1"), TRIPLET));
    assertTrue(e.getMessage().contains("not declared"), e.getMessage());
  }

  @Test
  void offContractBodiesAndMissingHeadersFail() {
    for (Runnable off : List.<Runnable>of(
      () -> ContractConformance.check("GET", STEPS, 200, headers("X-Request-Id", "r1"), "{\"nope\":1}"),
      () -> ContractConformance.check("GET", STEPS, 403, headers(), TRIPLET),
      () -> ContractConformance.check("GET", STEPS, 403, headers("X-Request-Id", "r1"), "{\"code\":\"x\"}"),
      () -> ContractConformance.check("DELETE", ATLAS_V1 + "4888442a3354817a7320eb61", 409, headers("X-Request-Id", "r1"),
        "{\"error\":\"409\",\"errorCode\":\"ORG_NOT_EMPTY\"}"),
      () -> ContractConformance.check("GET", "/elsewhere", 404, headers(), "{\"error\":404}"))) {
      assertThrows(AssertionError.class, off::run);
    }
  }
}
