/**
 * The clinical-consent policy: clinical treatment data (substances, test results, outcome
 * reviews) is special category health data. It is shared when the treatment is court-ordered (an
 * open DRR or ATR episode: a statutory case, whose tests the court shares with probation) or when
 * the person's consent to share is recorded; otherwise it stays with the provider.
 */
import { TreatmentReferralRoute } from '../entities/enums';
import type { TreatmentLoaders } from './treatment-loaders';

const COURT_ORDERED = new Set<TreatmentReferralRoute>([TreatmentReferralRoute.DRR, TreatmentReferralRoute.ATR]);

export async function clinicalDataShareable(loaders: TreatmentLoaders, treatmentClientId: string): Promise<boolean> {
  const [client, episodes] = await Promise.all([loaders.clientById.load(treatmentClientId), loaders.episodesByClientId.load(treatmentClientId)]);
  const courtOrdered = episodes.some((episode) => COURT_ORDERED.has(episode.referralRoute) && episode.dischargeDate === null);
  return courtOrdered || !!client?.consentToShareRecordedOn;
}

/** Policy evaluator: the guarded field's parent (a person or an episode) names the client. */
export async function clinicalConsentPolicy(_caller: unknown, source: unknown, context: unknown): Promise<boolean> {
  const clientId = (source as { treatmentClientId?: unknown } | null)?.treatmentClientId;
  const loaders = (context as { loaders: TreatmentLoaders }).loaders;
  return typeof clientId === 'string' && clinicalDataShareable(loaders, clientId);
}
