package io.deletiongateway.support.clients;

import java.net.http.HttpResponse;

/** An answer as the ported clients see it: status, Content-Type, body. */
public record Answer(int status, String contentType, String body) {
  public static Answer of(HttpResponse<String> response) {
    return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body());
  }
}
