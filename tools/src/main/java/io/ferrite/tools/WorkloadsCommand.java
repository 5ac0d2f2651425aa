package io.ferrite.tools;

import io.ferrite.engine.processor.Workload;
import io.ferrite.engine.processor.WorkloadCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;

/**
 * {@code ferrite workloads}: the workloads {@code run} and {@code replay} can use, found on the class path.
 */
@Command(
    name = "workloads",
    mixinStandardHelpOptions = true,
    description = "List the workloads found on the class path (META-INF/services/io.ferrite.engine.processor.Workload).")
final class WorkloadsCommand extends AbstractCommand
{
    @Mixin
    WorkloadPath workloadPath;

    /**
     * @return {@link FerriteMain#EXIT_OK}, or {@link FerriteMain#EXIT_FAILURE} if a listed workload failed to load.
     */
    @Override
    public Integer call()
    {
        final WorkloadCatalogue catalogue = Workloads.load(workloadPath.classLoader());
        final Map<String, Workload> available = catalogue.byName();
        if (json())
        {
            final JsonWriter json = jsonWriter().beginObject()
                .field("ok", catalogue.problems().isEmpty())
                .beginArray("workloads");
            for (final Workload workload : available.values())
            {
                json.beginObject()
                    .field("name", workload.name())
                    .field("description", workload.description())
                    .field("maxEventLength", workload.maxEventLength())
                    .field("class", workload.getClass().getName())
                    .endObject();
            }
            json.endArray().array("problems", catalogue.problems()).endObject().finish();
        }
        else
        {
            for (final Workload workload : available.values())
            {
                out().printf("%-12s %s%n", workload.name(), workload.description());
            }
            out().flush();
            if (available.isEmpty() && catalogue.problems().isEmpty())
            {
                err().println("no workload found on the class path");
            }
        }
        for (final String problem : catalogue.problems())
        {
            printFault(problem);
        }
        return catalogue.problems().isEmpty() ? FerriteMain.EXIT_OK : FerriteMain.EXIT_FAILURE;
    }
}
