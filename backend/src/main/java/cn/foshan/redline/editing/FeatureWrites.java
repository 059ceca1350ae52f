package cn.foshan.redline.editing;

import cn.foshan.redline.editing.ChangeSets.EditRequest;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.RawJson;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes of features outside the map's editing panel (the REST feature API, OGC API – Features Part
 * 4): each call is a change set of its own, with all its edits applied in one transaction or none,
 * through the same rules, history and roles as the map — committed for the bureau, proposed for
 * review for a district officer.
 */
@Component
public class FeatureWrites {

  private final ChangeSets changeSets;
  private final TransactionTemplate transactions;

  private final EditableLayers layers;

  FeatureWrites(ChangeSets changeSets, TransactionTemplate transactions, EditableLayers layers) {
    this.layers = layers;
    this.changeSets = changeSets;
    this.transactions = transactions;
  }

  /** What a write does to one feature. */
  public enum Mode {
    /** A new feature: its shape and the required attributes. */
    CREATE,
    /** The feature's shape and all its attributes; those not given become empty. */
    REPLACE,
    /** Only the attributes given (null empties one), and the shape if given. */
    PATCH,
    DELETE
  }

  /** One feature's write; {@code baseVersion} is the version the client read (If-Match). */
  public record Write(
      String layer,
      Mode mode,
      Long featureId,
      Integer baseVersion,
      JsonNode geometry,
      String crs,
      JsonNode properties) {}

  /**
   * The outcome: committed (the features written, in order, with each as a GeoJSON Feature as the
   * change set wrote it, null for a removed one), or proposed for review.
   */
  public record Outcome(
      ChangeSet changeSet, boolean committed, List<Long> featureIds, List<RawJson> features) {}

  /** All the writes in one change set: committed by the bureau, submitted by a district officer. */
  public Outcome apply(AppUser user, String reason, String documentNumber, List<Write> writes) {
    ChangeSets.Outcome done =
        changeSets.forRequest(
            user,
            reason,
            documentNumber,
            cs -> {
              for (Write w : writes) {
                changeSets.addEdit(user, cs, request(w));
              }
            });
    return new Outcome(done.changeSet(), done.committed(), done.featureIds(), done.features());
  }

  /**
   * Adds the writes to the user's draft change set, to be committed with the others later: all of
   * them or, when one is refused, none (one transaction). Their edits' sequence numbers, in order.
   */
  public List<Integer> addToDraft(AppUser user, long changeSetId, List<Write> writes) {
    return transactions.execute(
        status -> {
          List<Integer> seqs = new java.util.ArrayList<>();
          for (Write w : writes) {
            seqs.add(changeSets.addEdit(user, changeSetId, request(w)));
          }
          return seqs;
        });
  }

  /** See {@link ChangeSets#requireMayWrite}. */
  public void requireMayWrite(AppUser user, String layer, long featureId) {
    changeSets.requireMayWrite(user, layer, featureId);
  }

  /** Whether the layer can be written; a 400 problem naming the editable layers if not. */
  public void requireEditable(String layer) {
    layers.get(layer);
  }

  /** The names of the attributes a client may write in this layer. */
  public Set<String> writableProperties(String layer) {
    return layers.get(layer).fields().stream()
        .map(cn.foshan.redline.maps.LayerField::property)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The feature as the editing API shows it (properties named as written); 404 if none. */
  public JsonNode feature(String layer, long id) {
    return changeSets.feature(layers.get(layer).id(), id);
  }

  private EditRequest request(Write w) {
    EditableLayer layer = layers.get(w.layer());
    return switch (w.mode()) {
      case CREATE ->
          new EditRequest(layer.id(), "create", null, null, w.geometry(), w.crs(), w.properties());
      case PATCH ->
          new EditRequest(
              layer.id(),
              "update",
              w.featureId(),
              w.baseVersion(),
              w.geometry(),
              w.crs(),
              w.properties());
      case REPLACE ->
          new EditRequest(
              layer.id(),
              "update",
              w.featureId(),
              w.baseVersion(),
              w.geometry(),
              w.crs(),
              replacing(layer, w.properties()));
      case DELETE ->
          new EditRequest(layer.id(), "delete", w.featureId(), w.baseVersion(), null, null, null);
    };
  }

  /**
   * A replacement's attributes: those given, and every other non-derived one emptied (a derived
   * one, such as the district, follows from the new shape when left out); required ones must be
   * given, which the attribute check then says.
   */
  private static JsonNode replacing(EditableLayer layer, JsonNode given) {
    ObjectNode all = JsonNodeFactory.instance.objectNode();
    for (cn.foshan.redline.maps.LayerField f : layer.fields()) {
      if (!f.derived() && !f.property().equals("code")) {
        all.putNull(f.property());
      }
    }
    if (given != null && given.isObject()) {
      all.setAll((ObjectNode) given);
    } else if (given != null && !given.isNull()) {
      return given; // not an object: the attribute check says so
    }
    return all;
  }
}
