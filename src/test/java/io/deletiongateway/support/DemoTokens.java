package io.deletiongateway.support;

/** Plaintexts of the demo API tokens in conf/gateway.yaml (also listed in README.md). Only their hashes are stored. */
public final class DemoTokens {
  public static final String FULL = "dgt_demo-full_w8fnkTlHBY9OFhnjO6q3nGUQ2Y8dIrY4tS0rgpgw0CKrrY";
  public static final String NO_SCOPE = "dgt_demo-noscope_FWkFXa2UFp0LsVR4UDOrNlKitNmWr9SLcLJXyzGD2niSy9";
  public static final String OTHER_NETWORK = "dgt_demo-othernet_J2NWsRBpDYZpGfQ2lWSEoAETNET0saTIqyL9LZ001Lx6hZ";
  public static final String SUSPENDED_ORG = "dgt_demo-suspended_m26UuEpj7yTkMgr0ZvjESiJKUqyML7Hqb1i2p0eZ1ns79u";
  public static final String PENDING_ORG = "dgt_demo-pending_wniGPi8ZOpgNJdD9yebVlJsqPTeXPGMLlDsk94DF2jdF8m";
  public static final String EXPIRED = "dgt_demo-expired_BdeBasrsJcQ1OF1KNtGPUZ8yifZwKech7rkv34uG4FNA3z";
  public static final String REVOKED = "dgt_demo-revoked_KFzt7qTZIqZ2eggxeJe5ntHqkMkVh9Cee7aGmChd43h37W";

  private DemoTokens() {
  }
}
