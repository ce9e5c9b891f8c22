package org.mercato.market.data.factory;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.MeteredCall.Revert;

/**
 * The descriptive metadata of a data asset (docs/spec/data-market.md §Asset factory, metadata), validated at execution
 * so no malformed record reaches state (Ocean accepts anything and leaves it to an off-chain indexer, DM§12).
 *
 * @param contentHash SHA-256 of the file's bytes, so {@code sha256sum} checks a download
 * @param accessDuration seconds an order gives access; 0 = forever
 */
public record AssetMetadata(String description, List<String> tags, String license, String contentType, long size,
    Bytes32 contentHash, long accessDuration) {
  public static final int MAX_DESCRIPTION_BYTES = 1024;
  public static final int MAX_TAGS = 8;
  public static final int MAX_TAG_BYTES = 31;
  public static final int MAX_LICENSE_BYTES = 64;
  public static final int MAX_CONTENT_TYPE_BYTES = 128;
  /** 2^32 − 1 seconds (136 years): block timestamp + duration stays far inside a long. */
  public static final long MAX_ACCESS_DURATION = 0xFFFF_FFFFL;

  public static final AssetMetadata NONE = new AssetMetadata("", List.of(), "", "", 0, Bytes32.ZERO, 0);

  public AssetMetadata {
    tags = List.copyOf(tags);
  }

  /** Throws {@link Revert} with the first rule broken, in the order of the spec's table. */
  public AssetMetadata validate() {
    bounded("description", description, 0, MAX_DESCRIPTION_BYTES);
    if (tags.size() > MAX_TAGS) {
      throw new Revert("DataAssetFactory: at most " + MAX_TAGS + " tags");
    }
    Set<String> seen = new HashSet<>();
    for (String t : tags) {
      bounded("tag", t, 1, MAX_TAG_BYTES);
      if (!seen.add(t)) {
        throw new Revert("DataAssetFactory: duplicate tag " + t);
      }
    }
    bounded("license", license, 0, MAX_LICENSE_BYTES);
    bounded("contentType", contentType, 0, MAX_CONTENT_TYPE_BYTES);
    if (size < 0) {
      throw new Revert("DataAssetFactory: size out of range");
    }
    if (accessDuration < 0 || accessDuration > MAX_ACCESS_DURATION) {
      throw new Revert("DataAssetFactory: accessDuration out of range");
    }
    return this;
  }

  private static void bounded(String what, String s, int min, int max) {
    int n = s.getBytes(StandardCharsets.UTF_8).length;
    if (n < min || n > max) {
      throw new Revert("DataAssetFactory: " + what + " must be " + min + " to " + max + " bytes");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i)) && s.charAt(i) != '\n' && s.charAt(i) != '\t') {
        throw new Revert("DataAssetFactory: " + what + " contains a control character");
      }
    }
  }
}
