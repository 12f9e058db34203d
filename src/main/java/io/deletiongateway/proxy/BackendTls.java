package io.deletiongateway.proxy;

import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * A TLS failure towards a backend (its certificate refused: unknown CA, wrong name, expired; or a failed handshake):
 * 502 bad_gateway with {@code detail.rule: backend_tls}, counted, and logged with its reason once per backend and
 * reason (a misconfiguration repeats on every request; the log should not).
 */
final class BackendTls {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");
  private static final Map<String, String> LOGGED = new ConcurrentHashMap<>();

  private BackendTls() {
  }

  /** The TLS reason behind a failed exchange, or null when it was not TLS. */
  static String problem(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException tls) {
        Throwable root = tls;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        return String.valueOf(root.getMessage() != null ? root.getMessage() : tls.getMessage());
      }
    }
    return null;
  }

  static GatewayError refusal(BackendTarget target, String reason) {
    if (!reason.equals(LOGGED.put(target.config().name(), reason))) {
      LOG.log(System.Logger.Level.ERROR, "backend " + target.config().name() + ": TLS failed (" + reason + ")");
    }
    return GatewayError.of(ErrorCode.BAD_GATEWAY, new JsonObject().put("rule", "backend_tls"))
      .withDescription("The gateway could not establish a trusted TLS connection to the backend");
  }
}
