/**
 * A custom classifier plugged into ProcGuard without touching its code: a {@code ClassifierProvider}
 * listed in {@code META-INF/services}, selected with {@code procguard analyze --classifier rules}.
 */
package io.procguard.examples.classifier;
