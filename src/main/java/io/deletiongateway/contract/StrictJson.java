package io.deletiongateway.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.deletiongateway.errors.ErrorCode;
import io.deletiongateway.errors.GatewayError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 8259 JSON, and only that, before a body is validated: UTF-8 without a BOM (overlong forms, encoded
 * surrogates and truncated sequences refused), no comments, no trailing commas, no duplicate object keys (a
 * backend that keeps the first could act on another value than the one validated), no unpaired surrogate
 * escapes, one value, nesting bounded. The bytes forwarded are then the bytes validated.
 */
final class StrictJson {
  static final int MAX_DEPTH = 32;
  private static final JsonFactory FACTORY = JsonFactory.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
    .build();

  private StrictJson() {
  }

  /** Null when {@code body} is strict JSON, else the refusal. */
  static GatewayError problem(Buffer body) {
    byte[] bytes = body.getBytes();
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
      return malformed("utf-8", "a byte-order mark is not allowed");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return malformed("utf-8", "the body is not valid UTF-8");
    }
    // Parsed from the decoded text, so the parser never guesses another encoding (UTF-16/32) from the bytes.
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return malformed("syntax", "empty body");
      }
      while (token != null) {
        if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) && unpairedSurrogate(parser.getText())) {
          return malformed("unpaired_surrogate", "a string holds an unpaired UTF-16 surrogate");
        }
        if (parser.getParsingContext().inRoot() && (token.isScalarValue() || token == JsonToken.END_OBJECT
          || token == JsonToken.END_ARRAY)) {
          if (parser.nextToken() != null) {
            return malformed("syntax", "more than one JSON value");
          }
          return null;
        }
        token = parser.nextToken();
      }
      return malformed("syntax", "truncated");
    } catch (StreamConstraintsException tooDeep) {
      return malformed("depth", "nested deeper than " + MAX_DEPTH);
    } catch (JsonParseException e) {
      String message = String.valueOf(e.getOriginalMessage());
      if (message.startsWith("Duplicate field")) {
        String key = message.substring(message.indexOf('\'') + 1, message.lastIndexOf('\''));
        return GatewayError.of(ErrorCode.INVALID_ARGUMENT, new JsonObject().put("in", "body").put("rule", "duplicate_key")
          .put("name", key));
      }
      return malformed("syntax", "not RFC 8259 JSON");
    } catch (IOException e) {
      return malformed("syntax", "not RFC 8259 JSON");
    }
  }

  private static boolean unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static GatewayError malformed(String rule, String message) {
    return GatewayError.of(ErrorCode.MALFORMED_REQUEST_BODY, new JsonObject().put("in", "body").put("rule", rule)
      .put("message", message));
  }
}
