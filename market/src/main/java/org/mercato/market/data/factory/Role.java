package org.mercato.market.data.factory;

import java.util.Optional;

/**
 * Asset-level roles (Ocean's data NFT roles, DM§3; docs/spec/data-market.md §Asset factory, roles). The id is the
 * {@code uint8 role} of the ABI. Ocean's fourth role, {@code store} (ERC725Y key/value store), is not carried: Mercato has
 * no such store.
 */
public enum Role {
  /** Grants and revokes the two other roles; granted and revoked by the owner only (Ocean's addManager). */
  MANAGER(0),
  /** May create datatokens for the asset and manage their minters and payment managers (Ocean's deployERC20). */
  DATATOKEN_DEPLOYER(1),
  /** May change the asset's metadata and metadata state (Ocean's updateMetadata). */
  METADATA_UPDATER(2);

  private final int id;

  Role(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  public static Optional<Role> of(long id) {
    for (Role r : values()) {
      if (r.id == id) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
