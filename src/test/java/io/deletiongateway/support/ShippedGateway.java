package io.deletiongateway.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** Base of test classes that run against one gateway started from the shipped conf/gateway.yaml. */
public abstract class ShippedGateway {
  protected static RunningGateway gateway;
  /** Unauthenticated client of that gateway; {@code anonymous.as(token)} sends a credential. */
  protected static Http anonymous;

  @BeforeAll
  static void startShippedGateway() throws Exception {
    gateway = RunningGateway.shipped(Map.of());
    anonymous = gateway.http;
  }

  @AfterAll
  static void stopShippedGateway() throws Exception {
    gateway.close();
  }
}
