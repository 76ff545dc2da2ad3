/** A small program that embeds ProcGuard as a library: parser, process tracker, features, classifier. */
package io.procguard.examples.embedding;
