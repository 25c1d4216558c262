package io.rockstream.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client programs the end-to-end tests drive (psql, Python's psycopg2), installed from
 * Debian's packages when the machine lacks them, so that {@code mvn verify} on a fresh
 * machine needs nothing installed by hand. Installing needs root (or password-less sudo);
 * when it cannot be done the test fails with the command that would fix it, never skips.
 */
final class DebianPackages {
    private static final long INSTALL_TIMEOUT_MINUTES = 10;

    private DebianPackages() {
    }

    /** Makes sure {@code command} runs (e.g. {@code psql --version}); installs {@code pkg} when it does not. */
    static synchronized void ensureCommand(String pkg, String... command) {
        if (succeeds(command)) {
            return;
        }
        install(pkg);
        if (!succeeds(command)) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` still fails after installing "
                    + pkg);
        }
    }

    /** The absolute path of the system Python (Debian's python3-* packages install into it, not into pyenv's). */
    static String systemPython() {
        return "/usr/bin/python3";
    }

    private static void install(String pkg) {
        List<String> prefix = isRoot() ? List.of() : List.of("sudo", "-n");
        List<String> install = new ArrayList<>(prefix);
        install.addAll(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", pkg));
        if (run(install) == 0) {
            return;
        }
        List<String> update = new ArrayList<>(prefix);
        update.addAll(List.of("apt-get", "update", "-q"));
        run(update);
        if (run(install) != 0) {
            throw new IllegalStateException("cannot install the Debian package " + pkg + " (needs root): run `apt-get"
                    + " install -y " + pkg + "` and retry");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean succeeds(String... command) {
        return run(List.of(command)) == 0;
    }

    private static int run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            if (process.exitValue() != 0 && command.contains("apt-get")) {
                System.err.println(String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
            return process.exitValue();
        } catch (IOException missing) {
            return 127;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
