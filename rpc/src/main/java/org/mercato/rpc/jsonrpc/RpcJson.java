package org.mercato.rpc.jsonrpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * The one Jackson configuration for JSON-RPC: exact numbers (ids are echoed byte for byte),
 * trailing garbage refused, and the value types written as Ethereum JSON expects (Address, Hash and
 * Bytes as 0x data, Wei as a 0x quantity).
 */
public final class RpcJson {
  private static final ObjectMapper MAPPER = create();

  private RpcJson() {}

  /** Shared and thread-safe; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    SimpleModule module = new SimpleModule("mercato-rpc");
    module.addSerializer(Address.class, hex(Address::toHex));
    module.addSerializer(Hash.class, hex(Hash::toHex));
    module.addSerializer(Wei.class, hex(Wei::toHexQuantity));
    module.addSerializer(Bytes.class, hex(Data::encode));
    mapper.registerModule(module);
    return mapper;
  }

  private static <T> JsonSerializer<T> hex(Function<T, String> toText) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(toText.apply(value));
      }
    };
  }
}
