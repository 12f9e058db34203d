package io.deletiongateway.referencebackends;

import java.util.List;

/** An F5 XC user (always in the system namespace) and the namespace role bindings that reference it. */
public record F5User(String email, String uid, List<RoleBinding> roleBindings) {
  public record RoleBinding(String name, String uid, String namespace, String role) {
  }
}
