package io.ballast.risk.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.risk.file.RuleScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/rules.md documents exactly the variables each scope has, and every example in it compiles in its scope. */
class RulesReferenceTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([a-zA-Z ]+) \\| (.+) \\| `(.+)` \\|$");

    @Test
    void everyVariableIsDocumentedWithAnExampleThatCompiles() throws Exception {
        List<String> doc = Files.readAllLines(Path.of("../docs/rules.md"));
        ConditionCompiler compiler = new ConditionCompiler();
        for (RuleScope.Kind kind : RuleScope.Kind.values()) {
            int section = doc.indexOf("### " + kind.label());
            assertTrue(section >= 0, "docs/rules.md has a section for " + kind.label());
            List<Variable> documented = new ArrayList<>();
            for (int i = section + 4; i < doc.size() && doc.get(i).startsWith("|"); i++) {
                Matcher row = ROW.matcher(doc.get(i));
                assertTrue(row.matches(), "row format: " + doc.get(i));
                documented.add(new Variable(row.group(1), row.group(2).trim(), row.group(3).trim()));
                ConditionCompiler.Result example = compiler.compile(kind, row.group(4));
                assertNotNull(example.condition(), kind.label() + " example " + row.group(4) + ": " + example.problems());
            }
            assertEquals(ScopeVariables.of(kind), documented, kind.label() + " variables in docs/rules.md");
        }
    }
}
