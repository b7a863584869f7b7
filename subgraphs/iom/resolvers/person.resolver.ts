import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { IomCase } from '../entities/case.entity';
import { IomPerson } from '../entities/iom-person';
import type { IomContext } from './context';
import { caseView } from '../services/case-view';
import { activeOn } from '../services/iom-loaders';
import type { AgendaSummary, ConferenceEvidence } from './types';
import { agendaSummaryOf, conferenceEvidence } from './conference.resolver';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { HUB_ID } from '../../kit/access/rows';
import { isHubId } from '../../kit/identifiers';

@Resolver(() => IomPerson)
export class IomPersonResolver {
  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => IomCase, { nullable: true, description: "The person's current IOM case (the latest referral, whatever its status); null if never referred." })
  async iom(@Root() person: IomPerson, @Ctx() context: IomContext): Promise<IomCase | null> {
    return (await context.loaders.casesByPersonId.load(person.id)).at(-1) ?? null;
  }

  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => [IomCase], { nullable: true, description: 'Every IOM case the person has had, oldest referral first.' })
  iomCases(@Root() person: IomPerson, @Ctx() context: IomContext): Promise<IomCase[]> {
    return context.loaders.casesByPersonId.load(person.id);
  }

  /**
   * What partners need to answer "since the last review" about a person now: police and probation
   * declare this and `iomEvidenceUntil` @external and @require them, so the gateway fetches them
   * from here first. An agenda asks `AgendaItem.evidence` instead, whose window is its conference's.
   */
  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description:
      "The day of the person's latest IOM review (their adoption day before any review); null when never adopted onto IOM.",
  })
  async iomLastReviewedOn(@Root() person: IomPerson, @Ctx() context: IomContext): Promise<string | null> {
    return (await this.window(person, context))?.since ?? null;
  }

  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description: "Where \"since the last review\" ends: today. Null when never adopted onto IOM.",
  })
  async iomEvidenceUntil(@Root() person: IomPerson, @Ctx() context: IomContext): Promise<string | null> {
    return (await this.window(person, context))?.until ?? null;
  }

  private async window(person: IomPerson, context: IomContext): Promise<{ since: string; until: string } | null> {
    // The latest case that was adopted: a conference may look back at a case that has since ended.
    const current = (await context.loaders.casesByPersonId.load(person.id)).filter((iomCase) => iomCase.adoptedOn).at(-1);
    if (!current?.adoptedOn) return null;
    const since = (await caseView(context.loaders, current).lastReview())?.reviewedOn ?? current.adoptedOn;
    return { since, until: context.today };
  }
}

/**
 * IOM keeps nothing about a person but their cases, which the field resolvers batch: the
 * reference itself needs no statement, whatever the size of the gateway's `_entities` batch.
 */
export const iomReferenceResolvers = {
  Person: {
    async __resolveReference(reference: Record<string, unknown>, context: IomContext): Promise<IomPerson | null> {
      if (typeof reference.id !== 'string' || !isHubId(reference.id)) return null;
      const id = reference.id.toLowerCase();
      // Outside the caller's row rule, IOM knows nothing about the person.
      return (await context.rows.allows(HUB_ID, id)) ? { id } : null;
    },
  },
  ConferenceEvidence: {
    /** `<conference id>:<case id>`: the window is worked out afresh, as the agenda does. */
    async __resolveReference(reference: Record<string, unknown>, context: IomContext): Promise<ConferenceEvidence | null> {
      const [conferenceId, caseId] = typeof reference.id === 'string' ? reference.id.split(':') : [];
      if (!conferenceId || !caseId || !isHubId(conferenceId) || !isHubId(caseId)) return null;
      const [conference, iomCase] = await Promise.all([context.loaders.conferenceById.load(conferenceId.toLowerCase()), context.loaders.caseById.load(caseId.toLowerCase())]);
      if (!conference || !iomCase || !activeOn(iomCase, conference.heldOn) || !(await context.rows.allows(HUB_ID, iomCase.personId))) return null;
      return conferenceEvidence(conference, iomCase, await caseView(context.loaders, iomCase, conference.heldOn).reviews(), partnerFacts(reference));
    },
  },
  AgendaSummary: {
    /** The conference id: the summary is worked out afresh for the caller, as the conference's own field does. */
    async __resolveReference(reference: Record<string, unknown>, context: IomContext): Promise<AgendaSummary | null> {
      if (typeof reference.id !== 'string' || !isHubId(reference.id)) return null;
      const conference = await context.loaders.conferenceById.load(reference.id.toLowerCase());
      return conference ? agendaSummaryOf(conference, context) : null;
    },
  },
};

/** The partners' facts a flag @requires, as the gateway sent them (anything else is ignored). */
function partnerFacts(reference: Record<string, unknown>): Partial<ConferenceEvidence> {
  const flag = (value: unknown) => (typeof value === 'boolean' ? value : null);
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    inCustody: flag(reference.inCustody), policeInCustody: flag(reference.policeInCustody), probationInCustody: flag(reference.probationInCustody),
    accommodationArea: text(reference.accommodationArea), policingArea: text(reference.policingArea),
  };
}
