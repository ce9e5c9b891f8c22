package org.mercato.node.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mercato data list}: one page of {@code market_listDataAssets}, one asset per line; needs no key. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List data assets (market_listDataAssets).")
public final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--owner", description = "Only assets of this owner address.")
  String owner;

  @Option(names = "--tag", description = "Only assets with this tag.")
  String tag;

  @Option(names = "--include-unlisted", description = "Include assets in metadata state 5 (unlisted).")
  boolean includeUnlisted;

  @Option(names = "--offset", defaultValue = "0", description = "Skip this many matches (default: ${DEFAULT-VALUE}).")
  long offset;

  @Option(names = "--limit", defaultValue = "20", description = "At most this many assets, 1..100 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Map<String, Object> filter = new LinkedHashMap<>();
    if (owner != null) {
      filter.put("owner", owner);
    }
    if (tag != null) {
      filter.put("tag", tag);
    }
    if (includeUnlisted) {
      filter.put("includeUnlisted", true);
    }
    filter.put("offset", offset);
    filter.put("limit", limit);
    JsonNode page = connection.readOnly().call("market_listDataAssets", filter);
    PrintWriter out = spec.commandLine().getOut();
    long total = Receipt.quantity(page.get("total")).longValueExact();
    int shown = page.get("assets").size();
    out.printf("total: %d (showing %d from offset %d)%n", total, shown, offset);
    for (JsonNode a : page.get("assets")) {
      List<String> tokens = new ArrayList<>();
      a.get("datatokens").forEach(t -> tokens.add(t.get("address").asText() + " " + t.get("symbol").asText()));
      List<String> tags = new ArrayList<>();
      a.get("tags").forEach(t -> tags.add(t.asText()));
      BigInteger state = Receipt.quantity(a.get("metadataState"));
      out.printf("%s %s (%s) owner %s tags [%s] state %s size %s contentHash %s datatokens [%s]%n",
          a.get("assetId").asText(), a.get("name").asText(), a.get("symbol").asText(), a.get("owner").asText(),
          String.join(",", tags), state, Receipt.quantity(a.get("size")), a.get("contentHash").asText(), String.join(", ", tokens));
    }
    out.flush();
    return 0;
  }
}
