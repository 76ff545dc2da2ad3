/** Small runnable programs, one topic each. */
package io.procguard.examples;
