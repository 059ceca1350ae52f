package cn.foshan.redline.security;

import cn.foshan.redline.system.ApiException;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A user of the system; districtCode is set for district officers only. */
public record AppUser(
    String username,
    String displayName,
    String passwordHash,
    Role role,
    String districtCode,
    boolean enabled)
    implements UserDetails {

  private static final long serialVersionUID = 1L;

  /**
   * This user, if their role commits (the bureau, an administrator); for anyone else a 403 problem
   * with the refusal given, which says first in Chinese what only the bureau does.
   */
  public AppUser requireCommits(String refusal) {
    if (!role.commits()) {
      throw ApiException.forbidden(refusal);
    }
    return this;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }
}
