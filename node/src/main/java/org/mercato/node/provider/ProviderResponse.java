package org.mercato.node.provider;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.provider.Refusal;

/** What the provider answers, before HTTP framing: a JSON body with a status, or a stored file to stream. */
public sealed interface ProviderResponse {
  record Json(int status, ObjectNode body) implements ProviderResponse {}

  /** A file of the store, sent with its length, content type and SHA-256. */
  record File(Path path, long size, String contentType, Bytes32 contentHash) implements ProviderResponse {}

  /** {@code {"error": code, "message": detail}} with the refusal's status. */
  static Json refused(Refusal reason, String detail) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("error", reason.code());
    n.put("message", detail == null || detail.isEmpty() ? reason.description() : reason.description() + ": " + detail);
    return new Json(reason.status(), n);
  }

  static Json ok(int status, ObjectNode body) {
    return new Json(status, body);
  }
}
