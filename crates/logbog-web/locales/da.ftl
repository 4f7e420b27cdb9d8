# Logbog – dansk (standardsprog)

## Rammen
skip-to-content = Spring til indhold
nav-label = Hovedmenu
nav-home = Forside
nav-logbook = Min logbog
nav-logout = Log ud
switch-language = English
footer-text = Logbog – elektronisk logbog for den lægelige videreuddannelse. Spørgsmål om dit uddannelsesforløb besvares af dit regionale videreuddannelsessekretariat.
footer-my-data = Hent alt, hvad Logbog har om dig (JSON)

## Fejl
error-back-home = Gå til forsiden
status-400 = Ugyldig forespørgsel
status-401 = Ikke logget ind
status-403 = Adgang nægtet
status-404 = Siden findes ikke
status-409 = Konflikt
status-429 = For mange forsøg
status-500 = Der opstod en fejl
error-bad-credentials = Forkert brugernavn eller adgangskode. Kontrollér stavningen og prøv igen.
error-throttled = { $seconds ->
    [one] For mange mislykkede forsøg. Vent { $seconds } sekund, og prøv igen.
   *[other] For mange mislykkede forsøg. Vent { $seconds } sekunder, og prøv igen.
}
error-account-disabled = Din konto er spærret. Kontakt dit regionale videreuddannelsessekretariat.
error-no-programme = Der er ikke registreret et uddannelsesforløb for dig. Kontakt dit regionale videreuddannelsessekretariat.
error-access-not-yet-open = Din adgang til logbogen åbner { $date } – den første hverdag i dit første uddannelsesforløb.
error-access-ended = Din adgang til logbogen ophørte { $date }, 6 måneder efter din speciallægeanerkendelse. Kontakt dit regionale videreuddannelsessekretariat, hvis du har brug for dokumentation.
error-no-role = Din konto har ingen aktiv rolle. Kontakt dit regionale videreuddannelsessekretariat.
error-unauthenticated = Du skal logge ind for at se siden.
error-forbidden = Du har ikke adgang til denne side. Spørg den uddannelsesansvarlige overlæge, hvis du mener, du burde have adgang.
error-not-found = { $what } findes ikke, eller du har ikke adgang til den.
error-invalid = { $field }: { $problem }

## What is wrong with an input, and the labels of the fields.
invalid-required = skal udfyldes.
invalid-too-long = { $max ->
    [one] højst { $max } tegn.
   *[other] højst { $max } tegn.
}
invalid-not-an-id = ikke en gyldig henvisning. Åbn siden igen og prøv en gang til.
invalid-choose-at-least-one = vælg mindst én.
invalid-choose-an-approver = vælg, hvem der skal godkende.
invalid-not-a-current-approver = er ikke en af dine nuværende godkendere. Vælg en fra listen.
invalid-one-trainee-at-a-time = godkend én uddannelseslæges punkter ad gangen.
invalid-method-required = vælg den bedømmelsesmetode, godkendelsen af { $code } hviler på.
invalid-method-not-named = { $method } er ikke en bedømmelsesmetode for { $code }. Målbeskrivelsen nævner: { $named }.
invalid-not-a-method = “{ $value }” er ikke en bedømmelsesmetode.
invalid-username-format = brug 1–64 tegn: bogstaverne a–z, tal og . - _ @
invalid-password-too-short = adgangskoden skal have mindst { $min } tegn.
invalid-password-too-long = adgangskoden må højst have { $max } tegn.
invalid-period-ends-before-start = perioden slutter, før den begynder.
invalid-period-implausible = angiv en periode fra 1990 og højst ti år frem.
invalid-beyond-employment = uddannelseslægens ansættelse på stedet slutter { $date }; adgangen kan højst vare til da.
invalid-site-not-in-your-region = vælg et uddannelsessted i din region.
invalid-no-such-account = der findes ingen bruger med det brugernavn.
invalid-cannot-supervise-self = en uddannelseslæge kan ikke være vejleder for sig selv.
invalid-not-employed-at-your-site = er ikke ansat på din afdeling eller i din praksis i dag.
invalid-not-a-supervisor-of-the-site = er ikke vejleder på stedet.
invalid-not-a-lead-or-tutor-of-the-site = er ikke uddannelsesansvarlig overlæge eller tutorlæge på stedet.
invalid-curriculum-not-in-force = var ikke i kraft { $date }, forløbets første dag.
invalid-not-of-the-programme = hører ikke til uddannelsesforløbets målbeskrivelser.
invalid-outside-programme = ligger uden for uddannelsesforløbets periode.
invalid-language = vælg dansk eller engelsk.
invalid-date-format = skriv datoen som ÅÅÅÅ-MM-DD.
invalid-too-large = for meget data på én gang.
invalid-malformed-path = adressen er ikke gyldig: et id er forkert.
invalid-malformed-query = adressens parametre kan ikke læses.
invalid-malformed-body = er ikke JSON med operationens felter (se API-beskrivelsen).
invalid-not-json-content-type = send indholdet som JSON med Content-Type: application/json.
invalid-malformed-form = formularen kan ikke læses; genindlæs siden og prøv igen.
invalid-control-character = indeholder et kontroltegn; skriv almindelig tekst.
invalid-out-of-range = angiv et helt tal fra { $min } til { $max }.
field-approver = Godkender
field-approver_role = Godkenderens rolle
field-as = Rolle
field-body = Indhold
field-competency = Kompetence
field-competencies = Kompetencer
field-form = Formular
field-lang = Sprog
field-message = Besked
field-method = Grundlag
field-assessment_method = Bedømmelsesmetode
field-assessment_methods = Bedømmelsesmetoder
field-password = Adgangskode
field-path = Adresse
field-query = Adresse
field-request = Anmodning
field-requests = Anmodninger
field-site = Uddannelsessted
field-supervisor = Vejleder
field-trainee = Uddannelseslæge
field-username = Brugernavn
field-valid_from = Fra
field-valid_until = Til
field-curriculum = Målbeskrivelse
field-phase = Fase
field-comment = Kommentar
field-reason = Begrundelse
field-reference = Henvisning til den skriftlige anmodning
field-kind = Slags
field-page = Side
field-per_page = Pr. side

error-conflict = { $message }
error-internal = Der opstod en uventet fejl. Prøv igen om lidt; fortsætter problemet, så kontakt support.
error-method-not-allowed = Denne adresse tager ikke imod den metode. Se API-beskrivelsen på /api/v1/openapi.json.
error-resource-not-found = Den adresse findes ikke i API’et. Se API-beskrivelsen på /api/v1/openapi.json.
error-request-timeout = Forespørgslen tog for lang tid. Prøv igen om lidt.
error-payload-too-large = Forespørgslen er for stor. Send mindre data ad gangen.
error-unsupported-media-type = Indholdstypen understøttes ikke. Send JSON med Content-Type: application/json.
error-bad-request = Forespørgslen kunne ikke forstås. Se API-beskrivelsen på /api/v1/openapi.json.
error-csrf = Formularen er udløbet eller kom fra en anden side. Genindlæs siden, og prøv igen.
thing-trainee = Uddannelseslægen
thing-notification = Beskeden
thing-programme = Uddannelsesforløbet
thing-curriculum = Målbeskrivelsen
thing-phase = Fasen
thing-competency = Kompetencen
thing-item = Punktet
thing-page = Siden
thing-resource = Ressourcen

## Login
login-title = Log ind
login-intro = Log ind med dit brugernavn og din adgangskode.
login-username = Brugernavn
login-password = Adgangskode
login-submit = Log ind
login-demo-heading = Demokonti
login-demo-password = Alle demokonti har adgangskoden { $password }.

## Roller
role-trainee = Uddannelseslæge
role-supervisor = Vejleder
role-training_lead = Uddannelsesansvarlig overlæge
role-tutor = Tutorlæge
role-course_provider = Kursusudbyder
role-course_leader = Kursusleder
role-research_supervisor = Forskningsvejleder
role-secretariat = Videreuddannelsessekretariat
role-stps_case_worker = Sagsbehandler i STPS
role-admin = Systemadministrator
scope-global = Hele landet
period-from = fra { $date }

## Logbog
logbook-title-own = Min logbog
logbook-title-of = Logbog for { $name }
logbook-selectors = Vælg uddannelsesforløb, målbeskrivelse og fase
logbook-programme = Uddannelsesforløb
logbook-curriculum = Målbeskrivelse
logbook-phase = Fase
logbook-show = Vis
logbook-progress = Status
logbook-chart-title = Godkendte kompetencer pr. fase
logbook-total-summary = { $approved } af { $total } kompetencer i målbeskrivelsen er godkendt.
logbook-phase-summary = { $approved } af { $total } godkendt
logbook-phase-ready = { $count ->
    [one] { $count } meldt klar
   *[other] { $count } meldt klar
}
logbook-viewing-as = Du ser logbogen som { $role }.
competency-viewing-as = Du ser kompetencen som { $role }.
logbook-competencies-of = Kompetencer – { $phase }
logbook-no-competencies = Fasen har ingen kompetencer.
logbook-employments = Ansættelser
logbook-site = Uddannelsessted
logbook-period = Periode
logbook-percent = Beskæftigelse
logbook-part-time = Deltid
logbook-leave = { $kind } { $period }
logbook-supervisors = Vejledere
curriculum-option = { $name } (version { $version })
competencies-count = { $count ->
    [one] { $count } kompetence
   *[other] { $count } kompetencer
}
programme-kind-foundation = Klinisk basisuddannelse
programme-kind-introduction = Introduktionsstilling
programme-kind-main = Hoveduddannelse
state-not_started = Ikke påbegyndt
state-reported_ready = Meldt klar
state-approved = Godkendt
state-approved-by = Godkendt af { $name } den { $date }
state-ready-since = Meldt klar til godkendelse den { $date }
leave-parental = Barselsorlov
leave-sick = Sygefravær
leave-unpaid = Orlov uden løn
leave-other = Orlov
supervisor-kind-main = hovedvejleder
supervisor-kind-daily = daglig klinisk vejleder

## Kompetence
competency-back = Tilbage til kompetencerne
competency-of-trainee = Kompetence i logbogen for { $name }
competency-description = Beskrivelse
competency-doctor-roles = Lægeroller
competency-learning-methods = Læringsmetoder
competency-assessment-methods = Bedømmelsesmetoder
competency-decide-heading = Venter på din godkendelse
competency-back-to-worklist = Tilbage til godkendelser
competency-card = Kompetencekort
competency-card-help = Kortet hentes under specialespecifikke filer, udfyldes på papir og uploades på kompetencen som grundlag for godkendelsen.
competency-no-card = Kompetencen har intet kompetencekort.
competency-history = Historik
competency-no-history = Intet er sket med kompetencen endnu.
history-date = Dato
history-event = Hændelse
history-by = Af
history-note = Bemærkning
history-requested = Meldt klar til godkendelse
history-approved = Godkendt
history-reset = Nulstillet
doctor-role-medical_expert = Medicinsk ekspert
doctor-role-communicator = Kommunikator
doctor-role-collaborator = Samarbejder
doctor-role-leader = Leder/administrator/organisator
doctor-role-health_advocate = Sundhedsfremmer
doctor-role-scholar = Akademiker/forsker og underviser
doctor-role-professional = Professionel
assessment-structured_supervisor_talk = Struktureret vejledersamtale
assessment-direct_observation = Direkte observation
assessment-case_based_discussion = Casebaseret diskussion
assessment-multisource_feedback = 360°-evaluering
assessment-osats = OSATS
assessment-mini_cex = Mini-CEX
assessment-audit_of_records = Journalaudit
assessment-written_assignment = Skriftlig opgave

## Forside for personale
home-title = Forside
home-welcome = Velkommen, { $name }
home-roles = Dine roller
home-role = Rolle
home-scope = Gælder for
home-period = Periode
home-trainees = Dine uddannelseslæger
home-no-trainees = Du har ikke adgang til nogen uddannelseslæger i dag.
home-trainee = Uddannelseslæge
home-relation = Din rolle
home-until = Adgang til
home-secretariat = Sekretariat
home-region-trainees = { $count ->
    [one] { $count } uddannelseslæge har forløb i regionen.
   *[other] { $count } uddannelseslæger har forløb i regionen.
}
error-already-approved = Punktet er allerede godkendt. En forkert godkendelse kan kun nulstilles af det regionale videreuddannelsessekretariat.

## Tabeller, der kan rulles på smalle skærme
table-employments = Tabel over ansættelser
table-history = Tabel over historik
table-roles = Tabel over dine roller
table-trainees = Tabel over dine uddannelseslæger

## Afvisninger efter reglerne for godkendelse
denied-own-item = Ingen kan godkende deres egne punkter.
denied-role-cannot-approve = Din rolle kan ikke godkende denne slags punkter.
denied-supervisor-never-approves-time = Vejledere godkender aldrig tidsmæssigt gennemført uddannelseselement; det gør den uddannelsesansvarlige overlæge eller tutorlægen.
denied-no-current-relation = Du har ikke adgang til uddannelseslægen i dag. Den uddannelsesansvarlige overlæge giver vejledere adgang.
denied-not-the-employments-site = Kun den uddannelsesansvarlige overlæge eller tutorlæge på ansættelsesstedet kan godkende.
denied-general-practice-tutor-approves = I almen medicin godkender tutorlægen alle kompetencer; sygehusafdelinger udfylder kvalifikationskort som grundlag. Meld kompetencen klar til din tutorlæge.
denied-time-attestation-not-yet-open = Godkendelsen åbner { $date }, i ansættelsens sidste måned.
denied-other-region = Kun sekretariatet i uddannelseslægens region kan nulstille.
denied-reference-and-reason-required = Angiv referencen til den skriftlige anmodning og en begrundelse.
denied-not-approved = Punktet er ikke godkendt, så der er intet at nulstille.
denied-only-secretariat-resets = Kun det regionale sekretariat kan nulstille godkendelser.
denied-own-logbook-access = Du kan ikke give, ændre eller afslutte adgang til din egen logbog.
thing-request = Anmodningen
history-returned = Returneret med kommentar
history-withdrawn = Trukket tilbage

## Meld klar og godkendelser
nav-worklist = Godkendelser
nav-worklist-count = { $count ->
    [one] Godkendelser ({ $count } venter)
   *[other] Godkendelser ({ $count } venter)
}
report-choose = Vælg { $code }
report-legend = Meld klar til godkendelse
report-to = Send til
report-message = Besked (valgfri)
report-submit = Meld de valgte klar
report-submit-one = Meld klar
report-no-approvers = Du har ingen vejleder, uddannelsesansvarlig overlæge eller tutorlæge med adgang til dig i dag. Kontakt den uddannelsesansvarlige overlæge på dit uddannelsessted.
report-done = { $count ->
    [one] { $count } kompetence er meldt klar til godkendelse.
   *[other] { $count } kompetencer er meldt klar til godkendelse.
}
report-done-named = { $count ->
    [one] { $items } er meldt klar til { $name } ({ $role }).
   *[other] { $items } er meldt klar til { $name } ({ $role }).
}
report-withdraw = Træk anmodningen tilbage
state-ready-to = Meldt klar til { $name } den { $date }
state-ready-approver-lost = Meldt klar til { $name }, som ikke længere kan godkende den: meld den klar igen til en anden
worklist-only = Viser anmodningerne fra { $name }.
worklist-only-done = Intet venter længere fra denne uddannelseslæge.
worklist-show-all = Vis hele arbejdslisten
worklist-due-heading = Tidsattestationer, der kan godkendes nu
worklist-due-help = Ansættelserne er i deres sidste måned eller slut, og tiden er ikke godkendt. Uddannelseslægen behøver ikke bede om det.
worklist-due-opened = kan godkendes fra { $date }
worklist-due-approve = Godkend tiden
worklist-due-approve-named = Godkend tiden for { $name } på { $site }
worklist-time-approved-notice = Tidsattestationen er godkendt.
worklist-title = Godkendelser
worklist-empty = Intet venter på dig.
worklist-summary = { $count ->
    [one] { $count } punkt venter på dig, det ældste først.
   *[other] { $count } punkter venter på dig, de ældste først.
}
worklist-open = Se kompetencen
worklist-requested = meldt klar { $date }
worklist-waited = { $days ->
    [0] venter siden i dag
    [one] har ventet { $days } dag
   *[other] har ventet { $days } dage
}
worklist-as = til dig som { $role }
worklist-method-of = Grundlag for { $code } (bedømmelsesmetode)
worklist-method-choose = Vælg metode
worklist-comment = Kommentar (valgfri)
worklist-choose-one = Sæt flueben ved det, du vil godkende, og tryk så på knappen.
worklist-select-all = Vælg alle
worklist-approve = Godkend de valgte
worklist-return-summary = Returnér { $code } med en kommentar
worklist-return-comment = Hvad mangler?
worklist-return = Returnér
worklist-approved-named = { $count ->
    [one] Godkendt for { $name }: { $items }.
   *[other] { $count } punkter godkendt for { $name }: { $items }.
}
worklist-approved-notice = { $count ->
    [one] { $count } punkt er godkendt.
   *[other] { $count } punkter er godkendt.
}
worklist-returned-notice = Anmodningen er returneret til uddannelseslægen.
error-already-reported = { $code } er allerede meldt klar og venter på en afgørelse. Træk anmodningen tilbage på kompetencens side, hvis den skal til en anden.
error-request-decided = Anmodningen er allerede afgjort (godkendt, returneret eller trukket tilbage). Genindlæs siden.
error-already-ended = Adgangen er allerede afsluttet.

## Nulstilling
reset-heading = Nulstil godkendelsen
reset-help = En forkert godkendelse nulstilles på skriftlig anmodning. Godkendelsen og nulstillingen bliver stående i historikken, og kompetencen kan meldes klar og godkendes igen.
reset-reference = Reference til den skriftlige anmodning (fx journalnummer)
reset-reason = Begrundelse
reset-submit = Nulstil
reset-done = Godkendelsen er nulstillet. Uddannelseslægen kan melde kompetencen klar igen.

## Hvem har set min logbog
views-link = Hvem har set min logbog?
views-title = Hvem har set min logbog
views-back = Tilbage til logbogen
views-intro = Hver gang en vejleder, uddannelsesansvarlig overlæge, tutorlæge eller sekretariatet åbner din logbog, bliver det skrevet i den manipulationssikre revisionslog. Her er de seneste, nyeste først.
views-download = Hent listen som CSV
views-none = Ingen andre har set din logbog endnu.
views-when = Tidspunkt
views-who = Hvem
views-role = Rolle
views-what = Hvad
views-page-logbook = Logbogen
views-page-competency = En kompetence
views-page-programmes = Uddannelsesforløb og aftaler

## Ansættelse og tid
employment-back = Tilbage til logbogen
employment-back-worklist = Tilbage til godkendelser
employment-leave = Orlov
employment-no-leave = Ingen registreret orlov
time-heading = Attestation for tidsmæssigt gennemført uddannelseselement
time-opens = Kan godkendes fra { $date }, i ansættelsens sidste måned.
time-open-now = Kan godkendes nu (åbnede { $date }).
time-request = Anmod om godkendelse af tid
time-approve = Godkend tiden
time-approve-as = Godkend tiden som { $role }
time-no-approvers = Uddannelsesstedet har ingen uddannelsesansvarlig overlæge eller tutorlæge i dag. Kontakt dit regionale videreuddannelsessekretariat.
time-requested = Anmodningen om godkendelse af tid er sendt.
time-approved = Tiden er godkendt.
time-state-link = Tid: { $state }
time-state-paper-waiting = Tid: papirattestation venter på sekretariatet
employment-of-trainee = Ansættelse i logbogen for { $name }
thing-employment = Ansættelsen

## Adgange
nav-access = Adgange
access-title = Adgange
access-region = Uddannelsessteder i { $region }
access-region-help = Giv en uddannelsesansvarlig overlæge adgang til en afdeling eller en tutorlæge adgang til en praksis. Rollen følger af stedet.
access-username = Brugernavn
access-site = Uddannelsessted
access-from = Fra
access-until = Til (valgfri)
access-grant-site = Giv adgang
access-none = Ingen adgange endnu.
access-ended = afsluttet
access-given-by = givet af { $name } den { $date }
access-end = Afslut adgangen nu
access-supervisors = Vejledere med adgang til uddannelseslæger
access-supervisors-help = Giv en vejleder på dit uddannelsessted adgang til en uddannelseslæge, der er ansat hos jer, for en periode. Adgangen kan afsluttes med det samme.
access-nothing-to-grant = Der er ingen uddannelseslæger ansat eller ingen vejledere på dit uddannelsessted i dag.
access-kind = Slags vejleder
access-grant-supervisor = Giv vejlederen adgang
access-done-granted = Adgangen er givet.
access-done-ended = Adgangen er afsluttet med det samme.
thing-site = Uddannelsesstedet
thing-grant = Adgangen
thing-supervision = Vejlederadgangen

## Beskeder
nav-notifications = Beskeder
nav-notifications-count = { $count ->
    [one] Beskeder ({ $count } ny)
   *[other] Beskeder ({ $count } nye)
}
notifications-title = Beskeder
notifications-none = Du har ingen beskeder.
notifications-new = ny
notifications-mark-read = Markér alle som læst
notification-request-title = { $trainee } har meldt klar til godkendelse
notification-request-body = { $count ->
    [one] Et punkt venter på din godkendelse: { $codes }.
   *[other] { $count } punkter venter på din godkendelse: { $codes }.
}
notification-approved-title = { $approver } har godkendt
notification-approved-body = { $count ->
    [one] { $count } punkt er godkendt.
   *[other] { $count } punkter er godkendt.
}
notification-returned-title = { $approver } har returneret en anmodning
notification-reset-title = En godkendelse er nulstillet af sekretariatet
notification-reminder-title = Påmindelse: en anmodning venter på dig
notification-reminder-body = { $trainee } har ventet { $days ->
    [one] { $days } dag
   *[other] { $days } dage
} på din afgørelse af { $codes }.
notification-escalation-title = En anmodning har ventet længe
notification-escalation-body = { $trainee } har ventet { $days ->
    [one] { $days } dag
   *[other] { $days } dage
} på en afgørelse fra { $approver } af { $codes }.
notification-time-due-title = Tiden for { $trainee } kan godkendes nu
notification-time-due-body = Ansættelsen på { $site } er i sin sidste måned: tidsattestationen kan godkendes fra { $date }.
email-greeting = Kære { $name }
email-open = Åbn den i Logbog:
email-footer = Log ind på Logbog for at se mere. Denne e-mail er sendt automatisk.
home-waiting-heading = Det venter på dig
home-waiting-requests = { $count ->
    [one] { $name }: 1 punkt til godkendelse
   *[other] { $name }: { $count } punkter til godkendelse
}
home-waiting-time = { $count ->
    [one] 1 tidsattestation kan godkendes nu
   *[other] { $count } tidsattestationer kan godkendes nu
}
home-progress = Fremgang i fasen
home-waiting-closing = { $count ->
    [one] { $name } er hos dig til { $date }, og 1 kompetence { $scope ->
        [phase] i fasen
       *[other] i målbeskrivelsen
    } er ikke godkendt
   *[other] { $name } er hos dig til { $date }, og { $count } kompetencer { $scope ->
        [phase] i fasen
       *[other] i målbeskrivelsen
    } er ikke godkendt
}
dashboard-heading = Afdelingen: { $site }
dashboard-progress = Uddannelseslægernes fremgang pr. fase
dashboard-no-trainees = Ingen uddannelseslæger er ansat i afdelingen i dag.
dashboard-waiting = Hvad venter, og på hvem
dashboard-waiting-none = Intet venter på godkendelse.
dashboard-waiting-on = { $count ->
    [one] { $name } ({ $role }): 1 punkt venter
   *[other] { $name } ({ $role }): { $count } punkter venter
}
dashboard-oldest = { $days ->
    [0] det ældste fra i dag
    [one] det ældste har ventet { $days } dag
   *[other] det ældste har ventet { $days } dage
}
dashboard-supervisors = Vejledere og deres uddannelseslæger
dashboard-supervisors-none = Ingen vejledere har uddannelseslæger i afdelingen i dag.
dashboard-ending = Ansættelser der slutter inden for to måneder
dashboard-ending-none = Ingen ansættelser slutter inden for to måneder.
dashboard-ends = { $title }, slutter { $date }
home-waiting-all = Gå til godkendelser
home-region-trainees-heading = Uddannelseslæger i regionen
home-search-label = Søg på navn
home-search = Søg
home-search-none = Ingen uddannelseslæger passer på søgningen.
home-no-contact = Kontaktoplysningerne er ikke angivet endnu.

## Long lists, one page at a time
pager-label = Sider
pager-showing = Viser { $first }–{ $last } af { $total }
pager-position = Side { $page } af { $pages }
pager-previous = Forrige side
pager-next = Næste side

## Documents and agreements
region-nord = Videreuddannelsesregion Nord
region-syd = Videreuddannelsesregion Syd
region-oest = Videreuddannelsesregion Øst
programme-back = Tilbage til logbogen
programme-agreements-link = Ansættelses- og uddannelsesaftaler
agreements-heading = Ansættelses- og uddannelsesaftaler
agreements-help = Upload hovedforløbets ansættelses- og uddannelsesaftale og hvert tillæg til den, fx efter orlov, deltid eller forlængelse. De sendes med, når du sender dokumentation til Styrelsen for Patientsikkerhed.
agreements-none = Der er ikke uploadet nogen aftale endnu.
agreement-dated = dateret { $date }
agreement-kind-agreement = Ansættelses- og uddannelsesaftale
agreement-kind-addendum = Tillæg
addendum-reason-leave = orlov
addendum-reason-part_time = deltid
addendum-reason-extension = forlængelse
addendum-reason-other = andet
agreement-upload-heading = Upload en aftale eller et tillæg
agreement-reason = Årsag til tillægget
agreement-reason-none = (ingen – det er selve aftalen)
agreement-reason-hint = Skal vælges for et tillæg.
agreement-upload-submit = Upload
agreement-uploaded = Dokumentet er uploadet.
upload-hint = { $max ->
    [one] PDF, PNG eller JPEG, højst { $max } MB.
   *[other] PDF, PNG eller JPEG, højst { $max } MB.
}
document-about = { $type }, { $size } · uploadet af { $name } { $date }
document-earlier-versions = { $count ->
    [one] { $count } tidligere version
   *[other] { $count } tidligere versioner
}
document-replace = Erstat med en ny version
document-replace-submit = Upload ny version
document-delete = Slet
document-delete-named = Slet { $name }
document-deleted = Dokumentet er slettet.
field-dated = Dato
field-file = Fil
field-replaces = Erstatter
thing-document = Dokumentet
views-page-document = Hentede et dokument
invalid-date-implausible = angiv en dato fra 1990 og højst et år frem.
invalid-file-empty = filen er tom.
invalid-file-type = upload en PDF-, PNG- eller JPEG-fil. Andre filtyper modtages ikke.
invalid-file-too-large = { $max ->
    [one] filen er større end { $max } MB. Scan den med lavere opløsning, eller del den op.
   *[other] filen er større end { $max } MB. Scan den med lavere opløsning, eller del den op.
}
invalid-file-quota = dine dokumenter fylder { $used } af { $limit } MB. Slet nogle, før du uploader flere.
invalid-file-truncated = filen er ufuldstændig. Upload den igen.
invalid-pdf-encrypted = PDF'en er beskyttet med adgangskode. Gem den uden adgangskode, og upload den igen.
invalid-pdf-active = PDF'en indeholder JavaScript eller en starthandling. Udskriv den til en ny PDF, og upload den.
invalid-pdf-unreadable = dele af PDF'en kan ikke kontrolleres. Udskriv den til en ny PDF, og upload den.
invalid-upload-incomplete = overførslen stoppede, før hele filen var modtaget. Prøv igen.
invalid-one-file-at-a-time = upload én fil ad gangen.
denied-document-is-basis = En godkendelse bygger på dokumentet, så det kan ikke slettes. Du kan erstatte det med en ny version.
denied-note-only-for-approvers = Et notat kan kun deles med dine nuværende vejledere, tutorlæger og uddannelsesansvarlige overlæger.
denied-not-a-publisher = Kun specialets kursusledere og de regionale sekretariater lægger specialets filer ud.
error-document-changed = Dokumentet er erstattet eller slettet i mellemtiden. Genindlæs siden.
invalid-reason-required-for-addendum = vælg, hvorfor tillægget er lavet.
invalid-not-of-the-competency = er ikke et kort på denne kompetence.
invalid-not-of-the-curriculum = { $code } er ikke en kompetence i denne målbeskrivelse.
cards-none = Der er ikke uploadet noget udfyldt kort endnu.
cards-uploaded = Uploadede kort
card-is-basis = En godkendelse bygger på kortet
card-upload-heading = Upload et udfyldt kort
card-upload-submit = Upload kort
card-confirmed = Bekræftet af { $name } ({ $role }, { $site }) { $date }
card-confirm-help = Som vejleder eller uddannelsesansvarlig overlæge på afdelingen bekræfter du, at afdelingen har udfyldt og godkendt kvalifikationskortet. Tutorlægen ser bekræftelsen, når kompetencen godkendes.
card-confirm-submit = Bekræft kvalifikationskortet
card-confirmed-done = Kvalifikationskortet er bekræftet. Tutorlægen ser, at afdelingen står inde for det.
denied-not-a-qualification-card = Kun kvalifikationskort i almen medicin bekræftes af en hospitalsafdeling.
denied-not-a-hospital-department = Et kvalifikationskort bekræftes af en vejleder eller uddannelsesansvarlig overlæge på den hospitalsafdeling, hvor lægen er ansat.
denied-already-confirmed = Kortet er allerede bekræftet.
report-card = Udfyldt kompetencekort (valgfrit)
report-card-new = Nyt udfyldt kompetencekort (valgfrit)
report-card-hint = PDF, PNG eller JPEG. Kortet følger med anmodningen, og godkendelsen bygger på det.
report-card-attached = Kortet { $name } følger med anmodningen. Vælg en fil, hvis du vil sende en ny udgave i stedet.
card-uploaded = Kortet er uploadet. Det følger med, når du melder kompetencen klar, og godkenderen ser det, før kompetencen godkendes.
worklist-card = Udfyldt kort

# Notes (notater)
thing-note = Notatet
views-page-notes = Notater, du har delt
field-written_on = Dag
field-note = Notat
field-shared_with = Del med
notes-heading = Notater
notes-lead = Skriv, hvordan din uddannelse skrider frem. Notaterne er kun dine, indtil du deler et med en af dine vejledere, tutorlæger eller uddannelsesansvarlige overlæger.
notes-shared-heading = Notater delt med dig – { $name }
notes-shared-lead = Notater, uddannelseslægen har delt med dig. Du kan læse dem, så længe du er en af uddannelseslægens godkendere.
notes-back = Tilbage til logbogen
notes-list-heading = Notaterne
notes-none = Du har ikke skrevet nogen notater endnu.
notes-none-shared = Ingen notater er delt med dig.
notes-none-on-competency = Du har ingen notater om kompetencen.
note-new-heading = Skriv et notat
note-submit = Gem notat
note-saved = Notatet er gemt.
note-shares-saved = Delingen er gemt.
note-deleted = Notatet er slettet.
note-private = Privat – kun du kan se det.
note-shared-with = Delt med { $names }
note-shared-with-you = Delt med dig { $date }
note-edit = Rediger
note-share = Del
note-share-nobody = Du har ingen godkendere i dag at dele med.
note-share-legend = Hvem må læse notatet?
note-share-submit = Gem deling
note-delete = Slet notat
note-competency-none = (ingen bestemt kompetence)
note-competency-hint = Valgfrit: notatet vises også på kompetencen.
note-text-hint = Almindelig tekst, højst 2000 tegn.
note-edit-heading = Rediger notat
note-edit-back = Tilbage til notaterne
note-save = Gem ændringer
logbook-notes-link = Dine notater
logbook-shared-notes-link = Notater delt med dig
competency-notes = Dine notater om kompetencen
competency-shared-notes = Notater delt med dig
competency-all-notes = Se alle notater
competency-note-new = Skriv et notat om kompetencen

# The overview of medical employment
views-page-employment-overview = Oversigt over lægelig beskæftigelse
logbook-overview-link = Oversigt over lægelig beskæftigelse
overview-heading = Oversigt over lægelig beskæftigelse
overview-heading-of = Oversigt over lægelig beskæftigelse – { $name }
overview-lead = Al din lægelige beskæftigelse: ansættelserne i dine uddannelsesforløb står her allerede; tilføj selv andre lægestillinger, forskningsansættelser og ansættelser i udlandet. Oversigten sendes med, når du søger speciallægeanerkendelse hos Styrelsen for Patientsikkerhed.
overview-list-heading = Ansættelserne
overview-complete = Markeret som udfyldt { $date }.
overview-not-complete = Ikke markeret som udfyldt. Markér oversigten, når den er komplet – det kræves, før du kan sende dokumentation til STPS.
overview-not-complete-other = Uddannelseslægen har ikke markeret oversigten som udfyldt.
overview-complete-hint = Markér, at oversigten er komplet, som den står her. Ændrer du den siden, skal du markere den igen.
overview-mark-complete = Markér oversigten som udfyldt
overview-add-heading = Tilføj en ansættelse
overview-add-hint = En ansættelse uden for dine uddannelsesforløb. Ansættelser, der overlapper, må tilsammen højst udgøre fuld tid (100 % eller 37 timer om ugen).
overview-add = Tilføj ansættelsen
overview-edit = Ret
overview-edit-heading = Ret ansættelsen
overview-back = Tilbage til oversigten
overview-save = Gem ansættelsen
overview-remove = Fjern ansættelsen
overview-saved = Ansættelsen er gemt.
overview-removed = Ansættelsen er fjernet.
overview-completed = Oversigten er markeret som udfyldt.
overview-source-programme = Fra dit uddannelsesforløb
overview-kind-post = Anden lægestilling
overview-kind-research = Forskningsansættelse
overview-kind-abroad = Ansættelse i udlandet
overview-hours = { $hours } timer om ugen
overview-unit-percent = procent af fuld tid
overview-unit-hours = timer om ugen
overview-employer-hint = Hospital, praksis, universitet eller anden arbejdsgiver.
overview-position-hint = F.eks. reservelæge, ph.d.-studerende, introduktionslæge.
field-employer = Arbejdsgiver
field-department = Afdeling
field-position = Stilling
field-start_date = Fra
field-end_date = Til
field-extent = Omfang
field-extent_unit = Enhed
field-working_percent = Procent af fuld tid
field-hours_per_week = Timer om ugen
field-revision = Version
field-title = Titel
invalid-one-extent = angiv enten procent af fuld tid eller timer om ugen.
invalid-overlap = overlapper med { $with } fra { $from } til { $to }: i alt { $total } % af fuld tid, mere end 100 %.
error-overview-changed = Oversigten er ændret, siden du så den. Se den igennem igen, før du markerer den som udfyldt.

# Paper time attestations
nav-papers = Papirattestationer
paper-heading = Attestation for tid på papir
paper-lead = Er tiden for ansættelsen attesteret på papir, uploader du papiret her. Sekretariatet i din uddannelsesregion godkender det eller sender det retur; den uddannelsesansvarlige overlæge eller tutorlæge kan også bekræfte det. Derefter tæller attestationen som godkendt.
paper-upload-heading = Upload attestationen på papir
paper-submit = Upload og send til sekretariatet
paper-submitted = Papirattestationen er sendt til sekretariatet.
paper-submitted-on = Uploadet { $date }
paper-state-waiting = Afventer sekretariatet
paper-state-approved = Godkendt
paper-state-returned = Sendt retur
paper-decided = { $name }, { $date }: { $comment }
paper-verify-hint = En attestation på papir venter. Godkender du tiden, bekræfter du papirattestationen, og godkendelsen hviler på den.
paper-approve = Godkend attestationen
paper-return = Send retur
paper-return-comment = Hvorfor sendes den retur?
paper-worklist-heading = Attestationer for tid på papir
paper-worklist-lead = Uddannelseslæger i din region, der har uploadet en attestation for tid givet på papir. Åbn papiret, og godkend det, eller send det retur med en begrundelse. Den ældste står først.
paper-worklist-empty = Ingen papirattestationer venter.
paper-worklist-count = { $count ->
    [one] Én venter.
   *[other] { $count } venter.
}
paper-approved-notice = Attestationen er godkendt.
paper-returned-notice = Attestationen er sendt retur til uddannelseslægen.

# Specialty-specific files
nav-specialty-files = Specialefiler
specialty-title = Specialespecifikke filer
specialty-lead = Skemaer til målbeskrivelserne: kompetencekort, tjeklister og kvalifikationskort. Hent skemaet, udfyld det, og læg det udfyldte kort op på kompetencen i din logbog.
specialty-own-curricula = Dine målbeskrivelser
specialty-show = Vis
specialty-no-own = Du har ingen målbeskrivelser endnu. Vælg en målbeskrivelse for at se dens filer.
specialty-none = Der er ingen filer til denne målbeskrivelse endnu.
specialty-publish-in = Læg en fil ud til { $curriculum }
specialty-publish-heading = Læg en ny fil ud
specialty-publish-submit = Læg filen ud
specialty-version-heading = Læg en ny version ud
specialty-version-submit = Læg den nye version ud
specialty-form-label = Slags skema
specialty-form-competency_card = Kompetencekort
specialty-form-checklist = Tjekliste
specialty-form-qualification_card = Kvalifikationskort
specialty-form-other = Andet skema
specialty-competencies-legend = Kompetencer, skemaet hører til
specialty-competencies-hint = Kompetencens side i logbogen linker til skemaet. Vælg ingen for et skema, der gælder hele målbeskrivelsen.
specialty-published = Filen er lagt ud.
specialty-withdrawn = Versionen er trukket tilbage. Var der en tidligere version, gælder den igen.
specialty-back = Alle filer til målbeskrivelsen
specialty-current-version = Gældende version
specialty-withdraw = Træk versionen tilbage
specialty-withdraw-named = Træk { $name } tilbage
cards-blank-forms = Skemaet til kompetencen, som du udfylder og lægger op her:
home-course-leader-files = Som kursusleder lægger du skemaerne til målbeskrivelserne i { $specialties } ud: kompetencekort, tjeklister og andre skemaer, som uddannelseslægerne henter, udfylder og lægger op på kompetencerne. En ny version erstatter den gamle, som bevares i historikken.
home-course-leader-files-link = Gå til specialets filer
