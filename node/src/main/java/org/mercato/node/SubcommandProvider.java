package org.mercato.node;

/**
 * Lets modules that depend on the node (benchmarks) add `mercato` subcommands without the node
 * depending on them: implementations are found with {@link java.util.ServiceLoader} on the classpath.
 */
public interface SubcommandProvider {
  /** A picocli command object (annotated with @Command). */
  Object command();
}
