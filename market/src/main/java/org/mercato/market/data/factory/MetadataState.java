package org.mercato.market.data.factory;

/**
 * Ocean's metadata states 0..5 (DM§4, from the Provider's data_nft.py) and what Mercato lets each do
 * (docs/spec/data-market.md §Asset factory, metadata state). Ocean stores the value unchecked and only its Provider
 * interprets it; Mercato enforces the order rule on chain, so a consumer cannot pay for an order the provider refuses.
 */
public final class MetadataState {
  public static final int ACTIVE = 0;
  public static final int END_OF_LIFE = 1;
  public static final int DEPRECATED = 2;
  public static final int REVOKED = 3;
  public static final int TEMPORARILY_DISABLED = 4;
  public static final int UNLISTED = 5;
  public static final int MAX = UNLISTED;

  private MetadataState() {}

  /** New orders (startOrder, reuseOrder) and downloads are allowed in ACTIVE and UNLISTED only (Ocean's Provider rule). */
  public static boolean allowsOrders(int state) {
    return state == ACTIVE || state == UNLISTED;
  }

  /** Downloads follow the same rule as orders. */
  public static boolean allowsDownloads(int state) {
    return allowsOrders(state);
  }

  /** Listings (market_listDataAssets) show every state but UNLISTED. */
  public static boolean listed(int state) {
    return state != UNLISTED;
  }

  public static String name(int state) {
    return switch (state) {
      case ACTIVE -> "ACTIVE";
      case END_OF_LIFE -> "END_OF_LIFE";
      case DEPRECATED -> "DEPRECATED";
      case REVOKED -> "REVOKED";
      case TEMPORARILY_DISABLED -> "TEMPORARILY_DISABLED";
      case UNLISTED -> "UNLISTED";
      default -> "UNKNOWN(" + state + ")";
    };
  }
}
