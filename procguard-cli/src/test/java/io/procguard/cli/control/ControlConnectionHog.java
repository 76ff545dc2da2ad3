package io.procguard.cli.control;

import io.procguard.cli.CliException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test program: a local user taking every connection the daemon will give it. Opens N connections one
 * after the other (each with a {@code list}, so each is known to be served or refused), prints
 * {@code held H refused R}, then keeps the held ones busy with a {@code list} a second until its stdin
 * closes. Usage: {@code ControlConnectionHog SOCKET N}.
 */
public final class ControlConnectionHog {
    private ControlConnectionHog() {
    }

    /**
     * @param args the socket and how many connections to try
     * @throws Exception on any failure other than a refusal
     */
    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        List<ControlClient> held = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < n; i++) {
            ControlClient c = ControlClient.connect(socket);
            try {
                if (c.list().ok()) {
                    held.add(c);
                    continue;
                }
            } catch (CliException refusal) {
                // refused (or, before the fix, a broken pipe): counted below
            }
            refused++;
            c.close();
        }
        System.out.println("held " + held.size() + " refused " + refused);
        System.out.flush();
        Thread keepBusy = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                held.forEach(ControlClient::list);
            }
        });
        keepBusy.setDaemon(true);
        keepBusy.start();
        while (System.in.read() >= 0) {
            // until the test closes our stdin (or kills us)
        }
    }
}
