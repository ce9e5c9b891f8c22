package org.mercato.rpc.jsonrpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes response, error and notification messages as bytes, members in the usual order. */
public final class JsonRpcMessages {
  private final ObjectMapper mapper;

  public JsonRpcMessages(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code {"jsonrpc":"2.0","id":id,"result":result}}; throws if {@code result} cannot be serialized. */
  public byte[] result(JsonNode id, Object result) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField("jsonrpc", "2.0");
      gen.writeFieldName("id");
      gen.writeTree(id == null ? NullNode.getInstance() : id);
      gen.writeFieldName("result");
      gen.writeObject(result);
      gen.writeEndObject();
    }
    return out.toByteArray();
  }

  /** {@code {"jsonrpc":"2.0","id":id,"error":{"code":..,"message":..,"data":..}}}; never throws. */
  public byte[] error(JsonNode id, JsonRpcException error) {
    try {
      return writeError(id, error, true);
    } catch (IOException | RuntimeException e) {
      try {
        return writeError(id, error, false); // the data member could not be serialized: drop it
      } catch (IOException impossible) {
        throw new UncheckedIOException(impossible);
      }
    }
  }

  /** {@code {"jsonrpc":"2.0","method":method,"params":params}}. */
  public byte[] notification(String method, Object params) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField("jsonrpc", "2.0");
      gen.writeStringField("method", method);
      gen.writeFieldName("params");
      gen.writeObject(params);
      gen.writeEndObject();
    }
    return out.toByteArray();
  }

  /** A JSON array of already-encoded messages. */
  public static byte[] array(List<byte[]> messages) {
    int size = 2 + Math.max(0, messages.size() - 1);
    for (byte[] m : messages) {
      size += m.length;
    }
    byte[] out = new byte[size];
    int pos = 0;
    out[pos++] = '[';
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        out[pos++] = ',';
      }
      byte[] m = messages.get(i);
      System.arraycopy(m, 0, out, pos, m.length);
      pos += m.length;
    }
    out[pos] = ']';
    return out;
  }

  private byte[] writeError(JsonNode id, JsonRpcException error, boolean withData) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField("jsonrpc", "2.0");
      gen.writeFieldName("id");
      gen.writeTree(id == null ? NullNode.getInstance() : id);
      gen.writeObjectFieldStart("error");
      gen.writeNumberField("code", error.code());
      gen.writeStringField("message", error.getMessage() == null ? "" : error.getMessage());
      if (withData && error.data() != null) {
        gen.writeFieldName("data");
        gen.writeObject(error.data());
      }
      gen.writeEndObject();
      gen.writeEndObject();
    }
    return out.toByteArray();
  }
}
