package org.raven.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket from {@code java.net.http}, no
 * other dependency): opens a page, records console errors, uncaught exceptions and every network request,
 * and evaluates JavaScript in the loaded page. For tests; {@link #find()} says whether chromium is installed.
 */
final class HeadlessChromium implements AutoCloseable {

    /** What a page did while it loaded. */
    record PageLoad(JsonNode evaluated, List<String> consoleErrors, List<String> requests) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The chromium binary: {@code -Draven.chromium=...}, else the first of the usual names on the PATH. */
    static Optional<Path> find() {
        String configured = System.getProperty("raven.chromium");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "chrome")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    HeadlessChromium(Path binary) throws IOException, InterruptedException {
        profile = Files.createTempDirectory("raven-chromium-profile");
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).start();
        String browserSocket = awaitListening(Duration.ofSeconds(60));
        if (browserSocket == null) {
            close();
            throw new IOException("chromium did not open its DevTools port within 60 s; its output:\n" + String.join("\n", stderr));
        }
        port = URI.create(browserSocket).getPort();
    }

    private String awaitListening(Duration timeout) throws InterruptedException {
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    stderr.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        found.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            found.complete(null);
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    /** Opens {@code file} in a fresh tab, waits for its load event, then evaluates {@code script} (returning JSON text). */
    PageLoad open(Path file, String script) throws Exception {
        HttpRequest newTab = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        JsonNode tab = JSON.readTree(http.send(newTab, HttpResponse.BodyHandlers.ofString()).body());
        Session session = new Session(tab.path("webSocketDebuggerUrl").asText());
        try {
            session.call("Runtime.enable", null);
            session.call("Log.enable", null);
            session.call("Network.enable", null);
            session.call("Page.enable", null);
            ObjectNode navigate = JSON.createObjectNode().put("url", file.toUri().toString());
            session.call("Page.navigate", navigate);
            if (!session.loaded.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no load event from " + file + " within 60 s");
            }
            ObjectNode evaluate = JSON.createObjectNode().put("expression", script).put("returnByValue", true);
            JsonNode result = session.call("Runtime.evaluate", evaluate);
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
            }
            JsonNode value = JSON.readTree(result.path("result").path("value").asText());
            return new PageLoad(value, List.copyOf(session.errors), List.copyOf(session.requests));
        } finally {
            session.socket.abort();
        }
    }

    /** One DevTools connection to a tab: numbered calls with their replies, and the events we watch. */
    private static final class Session implements WebSocket.Listener {
        final WebSocket socket;
        final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        final AtomicInteger ids = new AtomicInteger();
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch loaded = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();

        Session(String url) {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        JsonNode call(String method, JsonNode params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            if (params != null) {
                message.set("params", params);
            }
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            socket.sendText(JSON.writeValueAsString(message), true).join();
            JsonNode answer = reply.get(60, TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + ": " + answer.get("error"));
            }
            return answer.path("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    handle(JSON.readTree(text));
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        private void handle(JsonNode message) {
            if (message.has("id")) {
                CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
                if (reply != null) {
                    reply.complete(message);
                }
                return;
            }
            JsonNode params = message.path("params");
            switch (message.path("method").asText()) {
                case "Page.loadEventFired" -> loaded.countDown();
                case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        errors.add("console." + type + ": " + params.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    JsonNode entry = params.path("entry");
                    if (entry.path("level").asText().equals("error")) {
                        errors.add("log: " + entry.path("text").asText() + " " + entry.path("url").asText());
                    }
                }
                case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
                default -> { }
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
