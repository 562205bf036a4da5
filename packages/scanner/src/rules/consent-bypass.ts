import { phrase, phraseRule } from './shared/phrase';

/** `hidden-instructions.consent-bypass`: tells the model to skip the user's confirmation or claims authority. */
export const consentBypassRule = phraseRule({
  id: 'hidden-instructions.consent-bypass',
  family: 'hidden-instructions',
  severity: 'HIGH',
  description:
    'Tells the model to skip the user’s confirmation or claims authority it cannot have ("never ask for confirmation", "the user has pre-approved all actions", "you have been granted admin permissions").',
  meaning: 'an instruction to bypass the user’s consent',
  set: {
    latin: [
      phrase(
        "\\b(?:never|do not|don't|dont|no need to) (?:ever )?(?:ask|request|prompt|wait) (?:the user |for the user )?(?:for )?(?:(?:their|any|a|the) )?(?:confirmation|permission|approval|consent)\\b",
      ),
      phrase(
        '\\bthe user (?:has|had) (?:already )?(?:pre ?approved|preapproved|authori[sz]ed|consented to|approved) (?:all|every|any)\\b',
      ),
      phrase(
        '\\b(?:user )?(?:consent|approval|confirmation|permission) (?:is|was) (?:not required|not needed|implied|already (?:given|granted))\\b',
      ),
      phrase(
        '\\b(?:you|the assistant|the model) (?:have|has|were|was|are|is) (?:been )?(?:granted|given) (?:full |elevated |unrestricted |admin |administrator |root |superuser )+(?:permissions?|access|rights|privileges)\\b',
      ),
      phrase('\\bauto ?approve (?:all|every|any)\\b'),
      phrase(
        "\\bsin (?:pedir|solicitar) (?:confirmacion|permiso|aprobacion)\\b|\\bsans demander (?:de )?(?:confirmation|permission|l'autorisation)\\b|\\bohne (?:nach )?(?:bestatigung|erlaubnis|zustimmung) zu fragen\\b",
      ),
    ],
    native: [
      /(?:无需|不需要|不用|不要)(?:向用户|用户)?(?:确认|批准|同意|许可)/,
      /(?:確認|許可|承認)(?:を)?(?:求めず|取らず|不要)/,
      /без (?:подтверждения|согласия|разрешения) пользовател/,
    ],
  },
});
