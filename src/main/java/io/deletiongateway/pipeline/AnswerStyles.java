package io.deletiongateway.pipeline;

import io.deletiongateway.config.ApiConfig;
import io.deletiongateway.contract.OperationSpec;
import io.deletiongateway.errors.DialectChoice;
import io.deletiongateway.errors.ErrorStyle;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which API a request's path belongs to, and so how every answer to it is shaped, routing-level ones included (an
 * unknown path under the API's prefix, 405, 408, 413, 414, 431): the API's dialect (negotiated from Accept where
 * configured so) and its envelope when the API has one and the client sent exactly envelope=true. Paths under no
 * API's prefix get the documented default.
 */
public final class AnswerStyles {
  private record ApiPaths(String prefix, DialectChoice dialect, boolean envelopeSupported) {
  }

  private final List<ApiPaths> apis;

  public AnswerStyles(Map<String, ApiConfig> apis, List<OperationSpec> operations) {
    List<ApiPaths> out = new ArrayList<>();
    apis.values().forEach(api -> {
      List<String> paths = operations.stream().filter(op -> op.api().equals(api.name())).map(OperationSpec::path).toList();
      String prefix = api.pathPrefix().orElseGet(() -> derivedPrefix(paths));
      out.add(new ApiPaths(prefix, api.errorDialect(), api.envelope()));
    });
    out.sort(Comparator.comparingInt((ApiPaths a) -> a.prefix().length()).reversed());  // the most specific wins
    this.apis = List.copyOf(out);
  }

  public ErrorStyle of(HttpServerRequest request) {
    String path = request.path();
    if (path == null) {
      return ErrorStyle.DEFAULT;
    }
    for (ApiPaths api : apis) {
      if (path.startsWith(api.prefix())) {
        return new ErrorStyle(api.dialect().resolve(request.getHeader("Accept")), api.envelopeSupported() && envelope(request));
      }
    }
    return ErrorStyle.DEFAULT;
  }

  /**
   * Exactly "true" once, the contract's boolean: envelope=TRUE or a repeated envelope is refused by the contract
   * stage, and that refusal must not come enveloped.
   */
  private static boolean envelope(HttpServerRequest request) {
    String query = request.query();
    if (query == null || !query.contains("envelope")) {
      return false;
    }
    try {
      List<String> values = request.params().getAll("envelope");
      return values.size() == 1 && "true".equals(values.get(0));
    } catch (RuntimeException unparsable) {
      return false;
    }
  }

  /**
   * The static segments every operation path of the API shares, up to the first templated one, and never the whole
   * path: {@code /api/atlas/v1.0/orgs/{orgId}} and {@code /api/atlas/v2/orgs/{orgId}} → {@code /api/atlas/};
   * {@code /organizations/organization/deletion_steps} alone → {@code /organizations/organization/}.
   */
  static String derivedPrefix(List<String> paths) {
    if (paths.isEmpty()) {
      return "\u0000";  // no operation served: no path is this API's
    }
    List<String> common = null;
    for (String path : paths) {
      List<String> segments = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
      segments.remove(segments.size() - 1);  // the last segment names the resource, not the API
      int templated = segments.indexOf(segments.stream().filter(s -> s.contains("{")).findFirst().orElse(null));
      List<String> fixed = templated >= 0 ? segments.subList(0, templated) : segments;
      if (common == null) {
        common = new ArrayList<>(fixed);
      } else {
        int i = 0;
        while (i < common.size() && i < fixed.size() && common.get(i).equals(fixed.get(i))) {
          i++;
        }
        common = new ArrayList<>(common.subList(0, i));
      }
    }
    return common.isEmpty() ? "\u0000" : "/" + String.join("/", common) + "/";
  }
}
