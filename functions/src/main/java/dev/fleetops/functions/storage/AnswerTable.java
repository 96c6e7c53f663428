package dev.fleetops.functions.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import dev.fleetops.core.rollout.service.DispatchAnswer;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers of queue-triggered dispatch workers, waiting for their operation's next tick (table {@value
 * TableRolloutStore#ANSWERS}): PartitionKey = operation id, RowKey = escaped device id and attempt, so one message's
 * answers are one transaction per 100 and a tick reads them with one query. A message that runs twice writes the same
 * keys again ({@code UPSERT_REPLACE}).
 */
final class AnswerTable {
    /** Entities per transaction: Table Storage's limit. */
    private static final int TRANSACTION = 100;

    private static final String ANSWER = "Answer";

    private final TableClient table;

    AnswerTable(TableClient table) {
        this.table = table;
    }

    void append(String id, List<DispatchAnswer> answers) {
        submitAll(answers.stream()
                .map(a -> new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, entity(id, a)))
                .toList());
    }

    List<DispatchAnswer> read(String id, int limit) {
        List<DispatchAnswer> out = new ArrayList<>();
        ListEntitiesOptions q = new ListEntitiesOptions()
                .setFilter("PartitionKey eq '" + id.replace("'", "''") + "'")
                .setSelect(List.of(ANSWER));
        for (TableEntity e : table.listEntities(q, null, null)) {
            if (out.size() >= limit) {
                break;
            }
            try {
                out.add(DispatchAnswer.parse(String.valueOf(e.getProperty(ANSWER))));
            } catch (IllegalArgumentException unreadable) {
                // Not an answer a worker wrote: dropped, and the device's timeout decides as for a lost answer.
                delete(id, e.getRowKey());
            }
        }
        return out;
    }

    void remove(String id, List<DispatchAnswer> answers) {
        List<TableTransactionAction> deletes = answers.stream()
                .map(a -> new TableTransactionAction(TableTransactionActionType.DELETE, new TableEntity(id, key(a))))
                .toList();
        try {
            submitAll(deletes);
        } catch (TableTransactionFailedException oneWasGone) {
            // Another tick took some already: delete one by one, where a missing one is no error.
            deletes.forEach(d -> delete(id, d.getEntity().getRowKey()));
        }
    }

    private void delete(String id, String rowKey) {
        try {
            table.deleteEntity(id, rowKey);
        } catch (TableServiceException missing) {
            if (missing.getResponse().getStatusCode() != 404) {
                throw missing;
            }
        }
    }

    private void submitAll(List<TableTransactionAction> actions) {
        for (int i = 0; i < actions.size(); i += TRANSACTION) {
            table.submitTransaction(actions.subList(i, Math.min(actions.size(), i + TRANSACTION)));
        }
    }

    private static TableEntity entity(String id, DispatchAnswer a) {
        return new TableEntity(id, key(a)).addProperty(ANSWER, a.toJson());
    }

    private static String key(DispatchAnswer a) {
        return RolloutEntities.escapeKey(a.deviceId()) + "|" + a.intent().attempt();
    }
}
