package io.deletiongateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A backend answering in the form named by the request's X-Answer header: every error dialect seen in the wild; with
 * X-Reason, its status line carries that reason phrase.
 */
public final class ForeignBackend implements AutoCloseable {
  public record Form(int status, String contentType, String body) {
  }

  public static final Map<String, Form> FORMS = Map.ofEntries(
    Map.entry("ok", new Form(204, null, "")),
    Map.entry("ok-json", new Form(200, "application/json", "{\"steps\":{\"disks\":{\"satisfied\":true,\"description\":\"none\"}}}")),
    Map.entry("malformed-json", new Form(200, "application/json", "<html>steps</html>")),
    Map.entry("json-then-more", new Form(200, "application/json", "{\"steps\":{}} {\"steps\":{}}")),
    Map.entry("malformed-json-upper", new Form(200, "Application/JSON; charset=utf-8", "{\"steps\":")),
    Map.entry("katapult-bare", new Form(404, "application/json",
      "{\"code\":\"organization_not_found\",\"description\":\"No organization was found\",\"detail\":{}}")),
    Map.entry("katapult-wrapped", new Form(403, "application/json",
      "{\"error\":{\"code\":\"permission_denied\",\"description\":\"Not permitted\",\"detail\":{\"details\":\"owner only\"}}}")),
    Map.entry("atlas", new Form(409, "application/json", "{\"error\":409,\"errorCode\":\"ORG_NOT_EMPTY\",\"detail\":"
      + "\"Organization cannot be deleted because it still contains active groups.\",\"reason\":\"Conflict\",\"parameters\":[\"x\"]}")),
    Map.entry("f5-plain", new Form(404, "application/json", "\"user nobody@example.com not found\"")),
    Map.entry("html", new Form(502, "text/html", "<html><body><h1>502 Bad Gateway</h1><hr>nginx/1.22.1 upstream 10.0.3.7:8443</body></html>")),
    Map.entry("empty", new Form(500, null, "")),
    Map.entry("stack", new Form(500, "application/json", "{\"code\":\"InternalError\",\"description\":\"NullPointerException at "
      + "com.example.OrgService.delete(OrgService.java:42)\",\"detail\":{\"stack\":\"at com.example...\"},\"trace\":\"at ...\"}")));

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  public ForeignBackend() throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> {
      Form form = FORMS.get(String.valueOf(req.getHeader("X-Answer")));
      if (form == null) {
        req.response().setStatusCode(500).end("no such form");
        return;
      }
      req.response().setStatusCode(form.status());
      if (req.getHeader("X-Reason") != null) {
        req.response().setStatusMessage(req.getHeader("X-Reason"));  // a status line's own reason phrase
      }
      if (form.contentType() != null) {
        req.response().putHeader("Content-Type", form.contentType());
      }
      if (form.body().startsWith("{\"error\":{")) {
        req.response().putHeader("X-Api-Schema", "json-error");  // as the real Katapult API marks its wrapped form
      }
      req.response().putHeader("X-Backend", "foreign").end(form.body());
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
