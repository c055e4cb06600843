package ch.iiz.referral.domain;

import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What referral-service knows of a case, folded from {@code iiz.case.events}: the model, who takes part, whom the
 * consent covers, the entitlements, the AMIplus mandate and whether the case is still open, and the client's
 * pseudonym (the key of the personal data referral-service seals). Immutable.
 */
public record CaseFacts(String clientId, CooperationModel model, Program program, String openedBy, boolean clientUnder25, boolean open,
                        Map<String, InstitutionType> participants, Set<String> consented,
                        Map<String, Set<String>> consents, List<Entitlement> entitlements,
                        String mandateMunicipality, String mandateRav, boolean mandateActive) {

    public static CaseFacts unknown() {
        return new CaseFacts(null, null, null, null, false, true, Map.of(), Set.of(), Map.of(), List.of(), null, null, false);
    }

    public CaseFacts apply(CaseEvent event) {
        Map<String, InstitutionType> p = new LinkedHashMap<>(participants);
        Map<String, Set<String>> c = new LinkedHashMap<>(consents);
        List<Entitlement> e = new ArrayList<>(entitlements);
        String client = clientId;
        CooperationModel m = model;
        Program prog = program;
        String opener = openedBy;
        boolean under25 = clientUnder25;
        boolean isOpen = open;
        String municipality = mandateMunicipality;
        String rav = mandateRav;
        boolean mandate = mandateActive;
        if (event instanceof CaseOpened o) {
            client = o.clientId();
            m = o.cooperationModel();
            prog = o.program();
            opener = o.openedBy();
            under25 = o.clientUnder25();
            o.participants().forEach(x -> p.put(x.institutionId(), x.institutionType()));
            e.addAll(o.entitlements());
        } else if (event instanceof ParticipantAdded a) {
            p.put(a.participant().institutionId(), a.participant().institutionType());
        } else if (event instanceof ParticipantRemoved r) {
            p.remove(r.institutionId());
        } else if (event instanceof EntitlementRecorded r) {
            e.add(r.entitlement());
        } else if (event instanceof EntitlementEnded r) {
            e.remove(r.entitlement());
        } else if (event instanceof ConsentRecorded r) {
            c.put(r.consentId(), new LinkedHashSet<>(r.institutionIds()));
        } else if (event instanceof ConsentRevoked r) {
            c.remove(r.consentId());
        } else if (event instanceof AmiplusMandateIssued i) {
            municipality = i.municipalityInstitutionId();
            rav = i.ravInstitutionId();
            mandate = true;
        } else if (event instanceof AmiplusContinuationDecided d && !d.continueProgram()) {
            mandate = false;
        } else if (event instanceof CaseAborted) {
            mandate = false; // the mandate ends; the case stays open with its social services
        } else if (event instanceof CaseClosed) {
            mandate = false;
            isOpen = false;
        }
        Set<String> covered = new LinkedHashSet<>();
        c.values().forEach(covered::addAll);
        return new CaseFacts(client, m, prog, opener, under25, isOpen, Map.copyOf(p), Set.copyOf(covered), Map.copyOf(c),
                List.copyOf(e), municipality, rav, mandate);
    }

    public boolean takesPart(String institutionId) {
        return participants.containsKey(institutionId);
    }

    public boolean withinConsent(String institutionId) {
        return institutionId.equals(openedBy) || consented.contains(institutionId);
    }

    /** The institution entitled to {@code benefit}, if any. */
    public Optional<String> entitled(Benefit benefit) {
        return entitlements.stream().filter(x -> x.benefit() == benefit).map(Entitlement::institutionId).findFirst();
    }
}
