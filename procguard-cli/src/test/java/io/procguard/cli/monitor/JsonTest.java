package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final String[] TEXTS = {"", "plain", "quote \" and backslash \\", "tab\tnewline\nreturn\r", "\u0000\u001f\u007f",
        "h\u00e9llo w\u00f6rld", "\ud83d\ude00 emoji", "lone \ud800 surrogate", "/etc/shadow", "</script>"};

    @Test
    void linesAreTheBytesTheObjectMapperWrites() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Random random = new Random(20261130);
        for (int i = 0; i < 3000; i++) {
            ObjectNode o = Json.record(TEXTS[random.nextInt(TEXTS.length)], random.nextInt(), random.nextLong() & Long.MAX_VALUE);
            fill(o, random, 0);
            assertThat(Json.line(o)).isEqualTo(mapper.writeValueAsString(o) + "\n");
        }
    }

    @Test
    void aRecordIsOneLineWithTimeEventAndPidFirst() {
        String line = Json.line(Json.record("started", 42, 1_700_000_000_123_456_789L).put("comm", "a\nb"));
        assertThat(line).isEqualTo("{\"time\":\"2023-11-14T22:13:20.123456789Z\",\"event\":\"started\",\"pid\":42,\"comm\":\"a\\nb\"}\n");
    }

    private static void fill(ObjectNode o, Random random, int depth) {
        int fields = random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            String name = "k" + f + TEXTS[random.nextInt(TEXTS.length)];
            switch (random.nextInt(depth < 3 ? 9 : 7)) {
                case 0 -> o.put(name, TEXTS[random.nextInt(TEXTS.length)]);
                case 1 -> o.put(name, random.nextInt());
                case 2 -> o.put(name, random.nextLong());
                case 3 -> o.put(name, random.nextBoolean() ? random.nextDouble() : new double[] {Double.NaN, -0.0, 1e300, 0.1}[random.nextInt(4)]);
                case 4 -> o.put(name, random.nextBoolean());
                case 5 -> o.putNull(name);
                case 6 -> o.put(name, (float) random.nextGaussian());
                case 7 -> fill(o.putObject(name), random, depth + 1);
                default -> {
                    ArrayNode a = o.putArray(name);
                    for (int k = random.nextInt(4); k > 0; k--) {
                        if (random.nextBoolean()) {
                            a.add(TEXTS[random.nextInt(TEXTS.length)]);
                        } else {
                            fill(a.addObject(), random, depth + 1);
                        }
                    }
                }
            }
        }
    }
}
