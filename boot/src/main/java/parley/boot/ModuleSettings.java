package parley.boot;

import java.util.List;

/**
 * The settings of one module that {@link Settings} does not list itself (a protocol node's section,
 * such as {@code msn.*}), found with {@link java.util.ServiceLoader}: the module names its
 * implementation in {@code META-INF/services/parley.boot.ModuleSettings}. So a new network is one
 * module, and {@link ConfigCheck} still refuses any key nobody declared. A protocol node's module
 * extends {@link NodeModuleSettings}, which declares the settings every node has.
 */
public interface ModuleSettings {
  List<Setting> settings();

  /** Pairs of this module's settings whose first may not exceed the second (a backoff's start and its cap). */
  default List<List<String>> notAbove() {
    return List.of();
  }

  /** This module's settings that name a file the process must be able to read (a certificate to trust). */
  default List<String> readableFiles() {
    return List.of();
  }
}
