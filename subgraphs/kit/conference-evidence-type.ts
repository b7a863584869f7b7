/**
 * The shape every partner gives `ConferenceEvidence` and `AgendaSummary`: IOM owns both; a
 * partner declares the window (`since`, `until`) and the person as external, and adds its own
 * fields with `@requires`. Each partner's class extends these and adds its key, its access rule
 * and what its reference resolver found.
 */
import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, type ClassType } from 'type-graphql';

/** The evidence IOM owns, as a partner sees it; `personClass` is the partner's own `Person`. */
export function PartnerConferenceEvidence<TPerson extends object>(personClass: ClassType<TPerson>) {
  // Never emitted itself: only the partner's `ConferenceEvidence` subclass is reachable.
  @ObjectType('ConferenceEvidenceBase')
  abstract class EvidenceBase {
    @Field(() => ID)
    id!: string;

    /** Owned by IOM: the first day of the window. */
    @Field(() => LocalDateResolver, { nullable: true })
    @Directive('@external')
    since!: string;

    /** Owned by IOM: the conference day. */
    @Field(() => LocalDateResolver, { nullable: true })
    @Directive('@external')
    until!: string;

    /** Owned by IOM; the gateway brings the partner's identifier from the person index. */
    @Field(() => personClass, { nullable: true })
    @Directive('@external')
    person?: TPerson | null;
  }
  return EvidenceBase;
}

/** One person's window on an agenda, as a summary's representation carries it. */
export interface AgendaWindowReference {
  id?: unknown;
  since?: unknown;
  until?: unknown;
  person?: Record<string, unknown> | null;
}

/** The agenda summary IOM owns, as a partner counting over its windows sees it. */
export function PartnerAgendaSummary<TEvidence extends object>(evidenceClass: ClassType<TEvidence>) {
  // Never emitted itself: only the partner's `AgendaSummary` subclass is reachable.
  @ObjectType('AgendaSummaryBase')
  abstract class SummaryBase {
    @Field(() => ID)
    id!: string;

    /** Owned by IOM: each visible person's window on the agenda. */
    @Field(() => [evidenceClass], { nullable: true })
    @Directive('@external')
    evidence?: AgendaWindowReference[] | null;
  }
  return SummaryBase;
}

/**
 * How many people on the agenda a partner counts: each window is read as the partner's evidence
 * reference resolver reads one (row rule included), then tested. Loaders batch the lot.
 */
export async function countOnAgenda<TFound>(
  windows: AgendaWindowReference[] | null | undefined,
  resolve: (reference: AgendaWindowReference) => Promise<TFound | null>,
  counts: (found: TFound) => Promise<boolean>,
): Promise<number> {
  const counted = await Promise.all((windows ?? []).map(async (window) => {
    const found = await resolve({ id: 'summary', ...window });
    return !!found && (await counts(found));
  }));
  return counted.filter(Boolean).length;
}
