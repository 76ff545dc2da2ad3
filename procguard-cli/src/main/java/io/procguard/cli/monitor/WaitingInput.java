package io.procguard.cli.monitor;

/**
 * A trace stream that waits for strace's output and can do something useful meanwhile: the monitor gives it
 * the pipeline's {@code idle()}, so processes that went quiet are scored while nothing is written (their
 * verdict, {@code --kill-on} and the status table would otherwise wait for their next call or their exit).
 */
interface WaitingInput {
    /**
     * @param task run on the reading thread, inside {@code read}, each time the stream is about to wait for
     *     more output; it may block (backpressure) and its exceptions end the read
     */
    void whileWaiting(Runnable task);
}
