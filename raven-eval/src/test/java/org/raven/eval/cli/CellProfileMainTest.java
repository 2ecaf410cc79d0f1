package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.raven.eval.RavenModule;
import org.raven.eval.run.CellProfile;
import org.raven.eval.spec.SpecException;

class CellProfileMainTest {

    private static final Path SPEC = Path.of("..").toAbsolutePath().normalize().resolve("examples/quickstart-synthetic.json");

    @Test
    void argumentsNameTheSpecAndOptionallyTheModelAndSeed() {
        assertThat(CellProfileMain.Choice.parse(List.of("a.json"))).isEqualTo(new CellProfileMain.Choice(Path.of("a.json"), null, null));
        assertThat(CellProfileMain.Choice.parse(List.of("--seed", "2", "a.json", "--model", "raven")))
                .isEqualTo(new CellProfileMain.Choice(Path.of("a.json"), "raven", 2L));
        assertThatThrownBy(() -> CellProfileMain.Choice.parse(List.of("a.json", "--seed", "two")))
                .isInstanceOf(SpecException.class).hasMessage("--seed: expected an integer, was 'two'");
        assertThatThrownBy(() -> CellProfileMain.Choice.parse(List.of("a.json", "--model")))
                .isInstanceOf(SpecException.class).hasMessage("--model: expected a value after it");
        assertThatThrownBy(() -> CellProfileMain.Choice.parse(List.of("a.json", "b.json")))
                .isInstanceOf(SpecException.class)
                .hasMessage("unexpected argument 'b.json'; usage: SPEC.json [--model NAME] [--seed N]");
        assertThatThrownBy(() -> CellProfileMain.Choice.parse(List.of()))
                .isInstanceOf(SpecException.class).hasMessage("no spec file; usage: SPEC.json [--model NAME] [--seed N]");
    }

    @Test
    void anUnknownModelOrSeedIsNamedWithTheSpecsChoices() {
        Injector injector = Guice.createInjector(new RavenModule());
        CellProfile profile = new CellProfile();
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CellProfileMain.run(injector, new CellProfileMain.Choice(SPEC, "beta", null), profile, out))
                .isInstanceOf(SpecException.class)
                .hasMessage("--model: " + SPEC + " has no model 'beta' (it has vae, noisy-vae, raven)");
        assertThatThrownBy(() -> CellProfileMain.run(injector, new CellProfileMain.Choice(SPEC, null, 9L), profile, out))
                .isInstanceOf(SpecException.class).hasMessage("--seed: " + SPEC + " has no seed 9 (it has [1, 2])");
    }

    @Test
    void profilesEveryPhaseOfTheChosenCellInOrder() throws Exception {
        Injector injector = Guice.createInjector(new RavenModule());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CellProfileMain.run(injector, new CellProfileMain.Choice(SPEC, "raven", 1L), new CellProfile(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(lines.get(0)).startsWith("cell profile: raven-seed1 of " + SPEC + " (quickstart-synthetic), ");
        assertThat(lines.get(1)).matches("phase +wall s +CPU s +thread s");
        Matcher steps = Pattern.compile("epoch 1: (\\d+) steps .*").matcher(lines.get(6));
        assertThat(steps.matches()).as(lines.get(6)).isTrue();
        int batches = Integer.parseInt(steps.group(1));
        List<String> expected = new ArrayList<>(List.of("read spec, write cell.json", "dataset load", "model build",
                "training setup (split, engine, checkpoint folder)"));
        for (int e = 1; e <= 5; e++) {
            expected.addAll(List.of("epoch " + e + ": " + batches + " steps", "epoch " + e + ": held-out MSE",
                    "epoch " + e + ": checkpoint"));
        }
        expected.addAll(List.of("training wrap-up", "latent classifier (encode the training set, fit)", "clean accuracy",
                "clean bound", "clean reconstruction", "attack, budget 0.0", "attack, budget 0.05", "attack, budget 0.1",
                "attack, budget 0.2", "reliability checks", "t-SNE", "write result.json", "all epochs: steps",
                "all epochs: held-out MSE", "all epochs: checkpoints", "total"));
        List<String> names = lines.subList(2, 2 + expected.size()).stream()
                .map(l -> l.substring(0, 52).trim()).toList();
        assertThat(names).containsExactlyElementsOf(expected);
        for (String line : lines.subList(2, 2 + expected.size())) {
            assertThat(line.substring(52)).as(line).matches("( +\\d+\\.\\d{3}){3}");
        }
        assertThat(lines.get(2 + expected.size()))
                .matches("training steps: " + 5 * batches + ", \\d+\\.\\d\\d ms of cell-thread CPU each \\(\\d+\\.\\d\\d ms wall\\)");
        assertThat(lines).hasSize(3 + expected.size());
    }
}
