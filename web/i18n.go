package web

import (
	"fmt"
	"slices"

	"github.com/assocbench/assocbench/questionnaires"
)

// The interface strings of the HTML pages, in every language of
// questionnaires.MessageLanguages (en, fr, es, ar, in that order). A test
// checks that every key has all four and that every key the templates
// use exists. Questionnaire text comes from the definitions (Text.In).

// tr translates key into lang (English for an unknown language), with
// fmt arguments. An unknown key is returned as it is, so that it shows.
func tr(lang, key string, args ...any) string {
	row, ok := catalog[key]
	if !ok {
		return key
	}
	i := slices.Index(questionnaires.MessageLanguages, lang)
	if i < 0 || i >= len(row) || row[i] == "" {
		i = 0
	}
	if len(args) > 0 {
		return fmt.Sprintf(row[i], args...)
	}
	return row[i]
}

// hasKey reports whether the catalog has a key.
func hasKey(key string) bool {
	_, ok := catalog[key]
	return ok
}

// Suppressed says why a cell shows no value: its group has fewer than k
// responses, or it is hidden so that a smaller group cannot be recovered.
func (p *page) Suppressed(k, n int) string {
	if n < k {
		return p.T("suppressed", k, n)
	}
	return p.T("suppressed.other", n)
}

var catalog = map[string][4]string{
	"a11y.skip":                  {"Skip to content", "Aller au contenu", "Ir al contenido", "انتقل إلى المحتوى"},
	"nav.label":                  {"Main", "Principal", "Principal", "الرئيسية"},
	"nav.languages":              {"Language", "Langue", "Idioma", "اللغة"},
	"nav.logout":                 {"Sign out", "Se déconnecter", "Cerrar sesión", "تسجيل الخروج"},
	"nav.survey":                 {"Self-assessment", "Autoévaluation", "Autoevaluación", "التقييم الذاتي"},
	"nav.scorecard":              {"Scorecard", "Tableau de bord des résultats", "Cuadro de resultados", "بطاقة النتائج"},
	"nav.dashboard":              {"Working group dashboard", "Tableau de bord du groupe de travail", "Panel del grupo de trabajo", "لوحة فريق العمل"},
	"footer.text":                {"assocbench — self-assessment and benchmarking for library associations", "assocbench — autoévaluation et analyse comparative pour les associations de bibliothèques", "assocbench — autoevaluación y comparación para asociaciones de bibliotecas", "assocbench — التقييم الذاتي والمقارنة المرجعية لجمعيات المكتبات"},
	"err.home":                   {"Go to the start page", "Aller à la page d'accueil", "Ir a la página de inicio", "الانتقال إلى الصفحة الرئيسية"},
	"err.requestid":              {"If the problem persists, quote this reference: %s", "Si le problème persiste, indiquez cette référence : %s", "Si el problema persiste, indique esta referencia: %s", "إذا استمرت المشكلة، فاذكر هذا المرجع: %s"},
	"err.notfound.title":         {"Page not found", "Page introuvable", "Página no encontrada", "الصفحة غير موجودة"},
	"err.notfound.text":          {"This page does not exist, or you do not have access to it.", "Cette page n'existe pas ou vous n'y avez pas accès.", "Esta página no existe o no tiene acceso a ella.", "هذه الصفحة غير موجودة أو لا تملك صلاحية الوصول إليها."},
	"err.unauthenticated.title":  {"Please sign in", "Veuillez vous connecter", "Inicie sesión", "يرجى تسجيل الدخول"},
	"err.unauthenticated.text":   {"Your session has ended or your link is no longer valid.", "Votre session a pris fin ou votre lien n'est plus valide.", "Su sesión ha terminado o su enlace ya no es válido.", "انتهت جلستك أو لم يعد رابطك صالحًا."},
	"err.forbidden.title":        {"Not allowed", "Accès refusé", "Acceso denegado", "غير مسموح"},
	"err.forbidden.text":         {"Your role does not allow this.", "Votre rôle ne le permet pas.", "Su función no lo permite.", "دورك لا يسمح بذلك."},
	"err.ratelimited.title":      {"Too many attempts", "Trop de tentatives", "Demasiados intentos", "محاولات كثيرة جدًا"},
	"err.ratelimited.text":       {"Please wait a minute and try again.", "Veuillez patienter une minute et réessayer.", "Espere un minuto y vuelva a intentarlo.", "يرجى الانتظار دقيقة ثم المحاولة مرة أخرى."},
	"err.conflict.title":         {"This cannot be done now", "Impossible pour le moment", "No es posible en este momento", "لا يمكن تنفيذ ذلك الآن"},
	"err.conflict.text":          {"The campaign is closed or the questionnaire was already submitted.", "La campagne est close ou le questionnaire a déjà été soumis.", "La campaña está cerrada o el cuestionario ya se envió.", "الحملة مغلقة أو تم إرسال الاستبيان بالفعل."},
	"err.internal.title":         {"Something went wrong", "Une erreur s'est produite", "Algo salió mal", "حدث خطأ ما"},
	"err.internal.text":          {"The page could not be shown. Please try again in a moment.", "La page n'a pas pu être affichée. Veuillez réessayer dans un instant.", "No se pudo mostrar la página. Vuelva a intentarlo en un momento.", "تعذر عرض الصفحة. يرجى المحاولة مرة أخرى بعد قليل."},
	"err.other.title":            {"The request was not accepted", "La demande n'a pas été acceptée", "La solicitud no fue aceptada", "لم يُقبل الطلب"},
	"err.other.text":             {"Please check the address and try again.", "Vérifiez l'adresse et réessayez.", "Compruebe la dirección y vuelva a intentarlo.", "يرجى التحقق من العنوان والمحاولة مرة أخرى."},
	"invite.bad.title":           {"This link does not work", "Ce lien ne fonctionne pas", "Este enlace no funciona", "هذا الرابط لا يعمل"},
	"invite.bad.text":            {"The invitation link is unknown, has expired or was revoked. Ask the coordinator of the self-assessment for a new link.", "Le lien d'invitation est inconnu, a expiré ou a été révoqué. Demandez un nouveau lien au coordinateur de l'autoévaluation.", "El enlace de invitación es desconocido, ha caducado o fue revocado. Pida un nuevo enlace al coordinador de la autoevaluación.", "رابط الدعوة غير معروف أو منتهي الصلاحية أو أُلغي. اطلب رابطًا جديدًا من منسق التقييم الذاتي."},
	"login.title":                {"Sign in", "Connexion", "Iniciar sesión", "تسجيل الدخول"},
	"login.intro":                {"Association respondents: open the personal link from your invitation email. Working group members and administrators: enter your access token.", "Répondants des associations : ouvrez le lien personnel de votre courriel d'invitation. Membres du groupe de travail et administrateurs : saisissez votre jeton d'accès.", "Personas que responden por una asociación: abran el enlace personal de su correo de invitación. Miembros del grupo de trabajo y administradores: introduzcan su token de acceso.", "المستجيبون عن الجمعيات: افتحوا الرابط الشخصي الوارد في رسالة الدعوة. أعضاء فريق العمل والمسؤولون: أدخلوا رمز الوصول."},
	"login.token":                {"Access token", "Jeton d'accès", "Token de acceso", "رمز الوصول"},
	"login.token.hint":           {"It starts with abk_.", "Il commence par abk_.", "Empieza por abk_.", "يبدأ بـ abk_."},
	"login.submit":               {"Sign in", "Se connecter", "Iniciar sesión", "دخول"},
	"login.bad":                  {"This token is unknown, expired or revoked.", "Ce jeton est inconnu, expiré ou révoqué.", "Este token es desconocido, ha caducado o fue revocado.", "هذا الرمز غير معروف أو منتهي الصلاحية أو ملغى."},
	"login.bye":                  {"You are signed out.", "Vous êtes déconnecté.", "Ha cerrado la sesión.", "تم تسجيل خروجك."},
	"csrf.title":                 {"This form has expired", "Ce formulaire a expiré", "Este formulario ha caducado", "انتهت صلاحية هذا النموذج"},
	"csrf.text":                  {"For your security the form could not be accepted. Reload the page and try again.", "Pour votre sécurité, le formulaire n'a pas pu être accepté. Rechargez la page et réessayez.", "Por su seguridad, no se pudo aceptar el formulario. Vuelva a cargar la página e inténtelo de nuevo.", "حرصًا على أمانك تعذر قبول النموذج. أعد تحميل الصفحة وحاول مرة أخرى."},
	"home.title":                 {"Self-assessment", "Autoévaluation", "Autoevaluación", "التقييم الذاتي"},
	"home.heading":               {"Self-assessment of %s", "Autoévaluation de %s", "Autoevaluación de %s", "التقييم الذاتي لـ %s"},
	"home.done":                  {"Thank you: the questionnaire is submitted. Your scorecard is updated.", "Merci : le questionnaire est soumis. Votre tableau de résultats est à jour.", "Gracias: el cuestionario se ha enviado. Su cuadro de resultados está actualizado.", "شكرًا لك: تم إرسال الاستبيان وتحديث بطاقة نتائجك."},
	"home.none":                  {"There is no campaign open at the moment.", "Aucune campagne n'est ouverte pour le moment.", "No hay ninguna campaña abierta en este momento.", "لا توجد حملة مفتوحة حاليًا."},
	"home.opens":                 {"Opens", "Ouverture", "Apertura", "تاريخ الفتح"},
	"home.deadline":              {"Deadline", "Date limite", "Fecha límite", "الموعد النهائي"},
	"home.aoe":                   {"that is %s anywhere on earth (UTC−12)", "soit %s n'importe où sur Terre (UTC−12)", "es decir, %s en cualquier lugar de la Tierra (UTC−12)", "أي %s في أي مكان على الأرض (UTC−12)"},
	"home.left":                  {"Time left", "Temps restant", "Tiempo restante", "الوقت المتبقي"},
	"home.days":                  {"%d days", "%d jours", "%d días", "%d يومًا"},
	"home.readonly":              {"This campaign is closed: you can read your answers but not change them.", "Cette campagne est close : vous pouvez consulter vos réponses mais pas les modifier.", "Esta campaña está cerrada: puede consultar sus respuestas, pero no modificarlas.", "هذه الحملة مغلقة: يمكنك الاطلاع على إجاباتك دون تعديلها."},
	"home.progress":              {"%d of %d required answers given", "%d réponses obligatoires sur %d", "%d de %d respuestas obligatorias", "%d من %d إجابات مطلوبة"},
	"home.scorecard":             {"See your scorecard", "Voir votre tableau de résultats", "Ver su cuadro de resultados", "عرض بطاقة نتائجك"},
	"home.view":                  {"View", "Consulter", "Ver", "عرض"},
	"home.start":                 {"Start", "Commencer", "Comenzar", "ابدأ"},
	"home.continue":              {"Continue", "Continuer", "Continuar", "متابعة"},
	"campaign.open":              {"open", "ouverte", "abierta", "مفتوحة"},
	"campaign.closed":            {"closed", "close", "cerrada", "مغلقة"},
	"campaign.scheduled":         {"not yet open", "pas encore ouverte", "aún no abierta", "لم تُفتح بعد"},
	"status.submitted":           {"submitted", "soumis", "enviado", "مُرسل"},
	"status.draft":               {"draft", "brouillon", "borrador", "مسودة"},
	"status.not_started":         {"not started", "pas commencé", "sin empezar", "لم يبدأ"},
	"month.1":                    {"January", "janvier", "enero", "يناير"},
	"month.2":                    {"February", "février", "febrero", "فبراير"},
	"month.3":                    {"March", "mars", "marzo", "مارس"},
	"month.4":                    {"April", "avril", "abril", "أبريل"},
	"month.5":                    {"May", "mai", "mayo", "مايو"},
	"month.6":                    {"June", "juin", "junio", "يونيو"},
	"month.7":                    {"July", "juillet", "julio", "يوليو"},
	"month.8":                    {"August", "août", "agosto", "أغسطس"},
	"month.9":                    {"September", "septembre", "septiembre", "سبتمبر"},
	"month.10":                   {"October", "octobre", "octubre", "أكتوبر"},
	"month.11":                   {"November", "novembre", "noviembre", "نوفمبر"},
	"month.12":                   {"December", "décembre", "diciembre", "ديسمبر"},
	"form.review":                {"Review and submit", "Vérifier et soumettre", "Revisar y enviar", "المراجعة والإرسال"},
	"form.steps":                 {"Sections of the questionnaire", "Sections du questionnaire", "Secciones del cuestionario", "أقسام الاستبيان"},
	"form.step":                  {"Step %d of %d", "Étape %d sur %d", "Paso %d de %d", "الخطوة %d من %d"},
	"form.ro.submitted":          {"Submitted on %s: the answers are read-only.", "Soumis le %s : les réponses ne peuvent plus être modifiées.", "Enviado el %s: las respuestas son de solo lectura.", "أُرسل في %s: الإجابات للقراءة فقط."},
	"form.ro.closed":             {"The campaign is closed: the answers are read-only.", "La campagne est close : les réponses ne peuvent plus être modifiées.", "La campaña está cerrada: las respuestas son de solo lectura.", "الحملة مغلقة: الإجابات للقراءة فقط."},
	"form.ro.scheduled":          {"The campaign is not open yet: the answers are read-only.", "La campagne n'est pas encore ouverte : les réponses ne peuvent pas être modifiées.", "La campaña aún no está abierta: las respuestas son de solo lectura.", "لم تُفتح الحملة بعد: الإجابات للقراءة فقط."},
	"form.required":              {"required", "obligatoire", "obligatoria", "مطلوب"},
	"form.choose":                {"Choose…", "Choisir…", "Elegir…", "اختر…"},
	"form.multiselect":           {"Hold Ctrl (or Cmd) to select several.", "Maintenez Ctrl (ou Cmd) pour en sélectionner plusieurs.", "Mantenga pulsada Ctrl (o Cmd) para seleccionar varias.", "اضغط مع الاستمرار على Ctrl (أو Cmd) لاختيار أكثر من خيار."},
	"form.prev":                  {"Previous", "Précédent", "Anterior", "السابق"},
	"form.next":                  {"Next", "Suivant", "Siguiente", "التالي"},
	"form.home":                  {"Back to the self-assessment", "Retour à l'autoévaluation", "Volver a la autoevaluación", "العودة إلى التقييم الذاتي"},
	"save.saved":                 {"All changes saved", "Toutes les modifications sont enregistrées", "Todos los cambios guardados", "تم حفظ كل التغييرات"},
	"save.saving":                {"Saving…", "Enregistrement…", "Guardando…", "جارٍ الحفظ…"},
	"save.unsaved":               {"Changes not saved yet", "Modifications pas encore enregistrées", "Cambios aún sin guardar", "تغييرات لم تُحفظ بعد"},
	"save.offline":               {"Offline: your changes will be saved when the connection is back.", "Hors ligne : vos modifications seront enregistrées au retour de la connexion.", "Sin conexión: sus cambios se guardarán cuando vuelva la conexión.", "غير متصل: ستُحفظ تغييراتك عند عودة الاتصال."},
	"save.conflict":              {"This questionnaire was changed elsewhere (in another window or by a colleague). Reload to see the latest answers; your last change here was not saved.", "Ce questionnaire a été modifié ailleurs (dans une autre fenêtre ou par un collègue). Rechargez pour voir les dernières réponses ; votre dernière modification ici n'a pas été enregistrée.", "Este cuestionario se modificó en otro lugar (en otra ventana o por un colega). Vuelva a cargar para ver las respuestas más recientes; su último cambio aquí no se guardó.", "تم تعديل هذا الاستبيان في مكان آخر (في نافذة أخرى أو من قِبل زميل). أعد التحميل لرؤية أحدث الإجابات؛ لم يُحفظ آخر تعديل أجريته هنا."},
	"save.reload":                {"Reload", "Recharger", "Volver a cargar", "إعادة التحميل"},
	"save.error":                 {"Could not save. Retrying…", "Enregistrement impossible. Nouvel essai…", "No se pudo guardar. Reintentando…", "تعذر الحفظ. جارٍ إعادة المحاولة…"},
	"save.invalid":               {"Some answers need attention: see the messages next to them.", "Certaines réponses sont à revoir : voir les messages à côté.", "Algunas respuestas requieren atención: vea los mensajes junto a ellas.", "بعض الإجابات تحتاج إلى مراجعة: انظر الرسائل بجانبها."},
	"save.closed":                {"This questionnaire can no longer be changed (submitted or campaign closed).", "Ce questionnaire ne peut plus être modifié (soumis ou campagne close).", "Este cuestionario ya no se puede modificar (enviado o campaña cerrada).", "لم يعد بالإمكان تعديل هذا الاستبيان (أُرسل أو أُغلقت الحملة)."},
	"submit.sending":             {"Submitting…", "Envoi en cours…", "Enviando…", "جارٍ الإرسال…"},
	"submit.failed":              {"The submission did not go through. Check your connection and press Submit again.", "L'envoi n'a pas abouti. Vérifiez votre connexion et appuyez de nouveau sur Soumettre.", "El envío no se completó. Compruebe su conexión y pulse Enviar de nuevo.", "لم يكتمل الإرسال. تحقق من اتصالك واضغط على إرسال مرة أخرى."},
	"submit.invalid":             {"The questionnaire cannot be submitted yet:", "Le questionnaire ne peut pas encore être soumis :", "El cuestionario aún no se puede enviar:", "لا يمكن إرسال الاستبيان بعد:"},
	"submit.conflict":            {"The questionnaire was already submitted, or the campaign is closed.", "Le questionnaire a déjà été soumis, ou la campagne est close.", "El cuestionario ya se envió o la campaña está cerrada.", "تم إرسال الاستبيان بالفعل أو أن الحملة مغلقة."},
	"submit.problems":            {"%d answers need attention before you can submit", "%d réponses sont à revoir avant de pouvoir soumettre", "%d respuestas requieren atención antes de enviar", "%d إجابات تحتاج إلى مراجعة قبل الإرسال"},
	"submit.fix":                 {"Follow the links to complete or correct them; your answers are saved as you go.", "Suivez les liens pour les compléter ou les corriger ; vos réponses sont enregistrées au fur et à mesure.", "Siga los enlaces para completarlas o corregirlas; sus respuestas se guardan sobre la marcha.", "اتبع الروابط لإكمالها أو تصحيحها؛ تُحفظ إجاباتك أولًا بأول."},
	"submit.ready":               {"Every required question is answered.", "Toutes les questions obligatoires ont une réponse.", "Todas las preguntas obligatorias tienen respuesta.", "تمت الإجابة عن كل الأسئلة المطلوبة."},
	"submit.final":               {"Once submitted, the answers are final and count in the benchmarks; only an administrator can reopen them.", "Une fois soumises, les réponses sont définitives et comptent dans les comparaisons ; seul un administrateur peut les rouvrir.", "Una vez enviadas, las respuestas son definitivas y cuentan en las comparaciones; solo un administrador puede reabrirlas.", "بعد الإرسال تصبح الإجابات نهائية وتُحتسب في المقارنات؛ ولا يمكن إعادة فتحها إلا من قِبل مسؤول."},
	"submit.button":              {"Submit the questionnaire", "Soumettre le questionnaire", "Enviar el cuestionario", "إرسال الاستبيان"},
	"answer.yes":                 {"Yes", "Oui", "Sí", "نعم"},
	"answer.no":                  {"No", "Non", "No", "لا"},
	"answer.na":                  {"Not applicable", "Sans objet", "No aplica", "لا ينطبق"},
	"rubric.level":               {"Level %d", "Niveau %d", "Nivel %d", "المستوى %d"},
	"rubric.na":                  {"This does not apply to our association.", "Cela ne s'applique pas à notre association.", "Esto no se aplica a nuestra asociación.", "هذا لا ينطبق على جمعيتنا."},
	"rubric.justification":       {"Justification (optional)", "Justification (facultatif)", "Justificación (opcional)", "التبرير (اختياري)"},
	"rubric.evidence":            {"Evidence link (optional)", "Lien vers une preuve (facultatif)", "Enlace a una evidencia (opcional)", "رابط إلى دليل (اختياري)"},
	"rubric.evidence.hint":       {"A web address starting with https://, for example a published policy.", "Une adresse web commençant par https://, par exemple une politique publiée.", "Una dirección web que empiece por https://, por ejemplo una política publicada.", "عنوان ويب يبدأ بـ https://، مثل سياسة منشورة."},
	"sc.title":                   {"Scorecard", "Tableau de résultats", "Cuadro de resultados", "بطاقة النتائج"},
	"sc.association":             {"Association", "Association", "Asociación", "الجمعية"},
	"sc.pick":                    {"Choose an association to see its scorecard.", "Choisissez une association pour voir son tableau de résultats.", "Elija una asociación para ver su cuadro de resultados.", "اختر جمعية لعرض بطاقة نتائجها."},
	"sc.submitted":               {"%d of %d questionnaires submitted", "%d questionnaires soumis sur %d", "%d de %d cuestionarios enviados", "أُرسل %d من %d استبيانات"},
	"sc.download":                {"Download the scorecard workbook", "Télécharger le classeur de résultats", "Descargar el libro de resultados", "تنزيل مصنف بطاقة النتائج"},
	"sc.radar":                   {"Section scores: your association and the median of all associations", "Scores par section : votre association et la médiane de toutes les associations", "Puntuaciones por sección: su asociación y la mediana de todas las asociaciones", "درجات الأقسام: جمعيتك والوسيط لجميع الجمعيات"},
	"sc.bar":                     {"Section scores (0–100)", "Scores par section (0–100)", "Puntuaciones por sección (0–100)", "درجات الأقسام (0–100)"},
	"sc.maturity":                {"maturity level", "niveau de maturité", "nivel de madurez", "مستوى النضج"},
	"sc.sections":                {"Scores by section", "Scores par section", "Puntuaciones por sección", "الدرجات حسب القسم"},
	"sc.section":                 {"Section", "Section", "Sección", "القسم"},
	"sc.score":                   {"Score", "Score", "Puntuación", "الدرجة"},
	"sc.noscore":                 {"no score (nothing scored answered)", "pas de score (aucune réponse notée)", "sin puntuación (ninguna respuesta puntuada)", "لا توجد درجة (لا إجابات محتسبة)"},
	"sc.nopeer":                  {"not shown (fewer than %d responses)", "non affichée (moins de %d réponses)", "no se muestra (menos de %d respuestas)", "غير معروض (أقل من %d إجابات)"},
	"sc.improve":                 {"Where to improve first", "Par où commencer pour progresser", "Por dónde empezar a mejorar", "أين تبدأ بالتحسين"},
	"sc.gain":                    {"%s points on the area score if it reached the top level (now %s/100)", "%s points sur le score du domaine au niveau le plus élevé (actuellement %s/100)", "%s puntos en la puntuación del área si alcanzara el nivel más alto (ahora %s/100)", "%s نقطة في درجة المجال إذا بلغ أعلى مستوى (حاليًا %s/100)"},
	"sc.ranks":                   {"Where you stand among peers (percentile rank)", "Votre position parmi vos pairs (rang centile)", "Su posición entre sus pares (rango percentil)", "موقعك بين النظراء (الرتبة المئينية)"},
	"sc.ranks.hint":              {"A percentile rank of 70 means your score is higher than about 70%% of the associations in the group. Groups with fewer than %d responses are not shown.", "Un rang centile de 70 signifie que votre score dépasse celui d'environ 70 %% des associations du groupe. Les groupes de moins de %d réponses ne sont pas affichés.", "Un rango percentil de 70 significa que su puntuación supera la de aproximadamente el 70 %% de las asociaciones del grupo. No se muestran los grupos con menos de %d respuestas.", "تعني الرتبة المئينية 70 أن درجتك أعلى من نحو 70%% من جمعيات المجموعة. لا تُعرض المجموعات التي تقل إجاباتها عن %d."},
	"sc.group":                   {"Peer group", "Groupe de pairs", "Grupo de pares", "مجموعة النظراء"},
	"sc.notsubmitted":            {"Not submitted yet: no score.", "Pas encore soumis : pas de score.", "Aún no enviado: sin puntuación.", "لم يُرسل بعد: لا توجد درجة."},
	"chart.you":                  {"Your association", "Votre association", "Su asociación", "جمعيتك"},
	"chart.median":               {"Median of all associations", "Médiane de toutes les associations", "Mediana de todas las asociaciones", "الوسيط لجميع الجمعيات"},
	"metric.overall":             {"Overall score", "Score global", "Puntuación global", "الدرجة الإجمالية"},
	"metric.area.financial":      {"Financial sustainability", "Viabilité financière", "Sostenibilidad financiera", "الاستدامة المالية"},
	"metric.area.membership":     {"Membership and engagement", "Adhésion et engagement des membres", "Membresía y participación de los miembros", "العضوية وإشراك الأعضاء"},
	"metric.area.communications": {"Communications and advocacy", "Communication et plaidoyer", "Comunicación e incidencia", "الاتصال والمناصرة"},
	"group.all":                  {"All associations", "Toutes les associations", "Todas las asociaciones", "جميع الجمعيات"},
	"group.unknown":              {"Not stated", "Non précisé", "Sin indicar", "غير محدد"},
	"dim.region":                 {"Region", "Région", "Región", "المنطقة"},
	"dim.size":                   {"Size", "Taille", "Tamaño", "الحجم"},
	"dim.budget":                 {"Budget", "Budget", "Presupuesto", "الميزانية"},
	"dim.type":                   {"Type", "Type", "Tipo", "النوع"},
	"size.small":                 {"Small (under 250 members)", "Petite (moins de 250 membres)", "Pequeña (menos de 250 miembros)", "صغيرة (أقل من 250 عضوًا)"},
	"size.medium":                {"Medium (250–999)", "Moyenne (250–999)", "Mediana (250–999)", "متوسطة (250–999)"},
	"size.large":                 {"Large (1,000–4,999)", "Grande (1 000–4 999)", "Grande (1.000–4.999)", "كبيرة (1000–4999)"},
	"size.very-large":            {"Very large (5,000+)", "Très grande (5 000 et plus)", "Muy grande (5.000 o más)", "كبيرة جدًا (5000 فأكثر)"},
	"budget.usd_lt_10k":          {"Under USD 10k", "Moins de 10 k USD", "Menos de 10 mil USD", "أقل من 10 آلاف دولار"},
	"budget.usd_10k_50k":         {"USD 10k–50k", "10 k–50 k USD", "10–50 mil USD", "10–50 ألف دولار"},
	"budget.usd_50k_250k":        {"USD 50k–250k", "50 k–250 k USD", "50–250 mil USD", "50–250 ألف دولار"},
	"budget.usd_250k_1m":         {"USD 250k–1M", "250 k–1 M USD", "250 mil–1 millón USD", "250 ألفًا–مليون دولار"},
	"budget.usd_gt_1m":           {"Over USD 1M", "Plus de 1 M USD", "Más de 1 millón USD", "أكثر من مليون دولار"},
	"type.national":              {"National association", "Association nationale", "Asociación nacional", "جمعية وطنية"},
	"type.regional":              {"Regional association", "Association régionale", "Asociación regional", "جمعية إقليمية"},
	"type.special":               {"Special or subject association", "Association spécialisée", "Asociación especializada", "جمعية متخصصة"},
	"type.student":               {"Student or new professionals", "Étudiants ou jeunes professionnels", "Estudiantes o nuevos profesionales", "طلاب أو مهنيون جدد"},
	"type.other":                 {"Other", "Autre", "Otro", "أخرى"},
	"suppressed":                 {"fewer than %d responses (n = %d)", "moins de %d réponses (n = %d)", "menos de %d respuestas (n = %d)", "أقل من %d إجابات (n = %d)"},
	"suppressed.other":           {"hidden to protect a smaller group (n = %d)", "masqué pour protéger un groupe plus petit (n = %d)", "oculto para proteger un grupo más pequeño (n = %d)", "مخفي لحماية مجموعة أصغر (n = %d)"},
	"suppressed.trend":           {"fewer than %d responses in one of the campaigns, or hidden to protect a smaller group", "moins de %d réponses dans l'une des campagnes, ou masqué pour protéger un groupe plus petit", "menos de %d respuestas en una de las campañas, u oculto para proteger un grupo más pequeño", "أقل من %d إجابات في إحدى الحملتين، أو مخفي لحماية مجموعة أصغر"},
	"dash.title":                 {"Working group dashboard", "Tableau de bord du groupe de travail", "Panel del grupo de trabajo", "لوحة فريق العمل"},
	"dash.campaign":              {"Campaign", "Campagne", "Campaña", "الحملة"},
	"dash.questionnaire":         {"Questionnaire", "Questionnaire", "Cuestionario", "الاستبيان"},
	"dash.group":                 {"Compare by", "Comparer par", "Comparar por", "المقارنة حسب"},
	"dash.question":              {"Practice (question)", "Pratique (question)", "Práctica (pregunta)", "الممارسة (السؤال)"},
	"dash.show":                  {"Show", "Afficher", "Mostrar", "عرض"},
	"dash.by":                    {"by %s", "par %s", "por %s", "حسب %s"},
	"dash.k":                     {"Groups with fewer than %d responses show their size only.", "Les groupes de moins de %d réponses n'affichent que leur effectif.", "Los grupos con menos de %d respuestas solo muestran su tamaño.", "المجموعات التي تقل إجاباتها عن %d تعرض عددها فقط."},
	"dash.pack":                  {"Download the session pack (Excel)", "Télécharger le dossier de séance (Excel)", "Descargar el paquete de la sesión (Excel)", "تنزيل ملف الجلسة (Excel)"},
	"dash.scores":                {"Scores: median and spread", "Scores : médiane et dispersion", "Puntuaciones: mediana y dispersión", "الدرجات: الوسيط والتشتت"},
	"dash.box":                   {"%s score: box from the 25th to the 75th percentile, line at the median, whiskers at the 10th and 90th percentiles", "Score %s : boîte du 25e au 75e centile, trait à la médiane, moustaches aux 10e et 90e centiles", "Puntuación de %s: caja del percentil 25 al 75, línea en la mediana, bigotes en los percentiles 10 y 90", "درجة %s: الصندوق من المئين 25 إلى 75، والخط عند الوسيط، والشعيرات عند المئينين 10 و90"},
	"dash.prevalence":            {"How common is this practice?", "Quelle est la fréquence de cette pratique ?", "¿Qué tan común es esta práctica?", "ما مدى انتشار هذه الممارسة؟"},
	"dash.heat":                  {"Share of associations choosing each answer, by group (%)", "Part des associations ayant choisi chaque réponse, par groupe (%)", "Proporción de asociaciones que eligieron cada respuesta, por grupo (%)", "نسبة الجمعيات التي اختارت كل إجابة حسب المجموعة (%)"},
	"dash.option":                {"Answer", "Réponse", "Respuesta", "الإجابة"},
	"dash.trend":                 {"Change since the previous campaign", "Évolution depuis la campagne précédente", "Cambio desde la campaña anterior", "التغير منذ الحملة السابقة"},
	"dash.trend.none":            {"This campaign has no previous campaign to compare with.", "Cette campagne n'a pas de campagne précédente à laquelle se comparer.", "Esta campaña no tiene una campaña anterior con la que compararse.", "لا توجد حملة سابقة لمقارنة هذه الحملة بها."},
	"dash.line":                  {"Median score by group: %s and %s", "Score médian par groupe : %s et %s", "Puntuación mediana por grupo: %s y %s", "الدرجة الوسيطة حسب المجموعة: %s و%s"},
	"dash.change":                {"Change", "Évolution", "Cambio", "التغير"},
	"dash.mentoring":             {"Mentoring matches", "Propositions de mentorat", "Propuestas de mentoría", "مقترحات الإرشاد"},
	"dash.mentoring.hint":        {"Associations established or leading in an area that offer mentoring, paired with associations that ask for it; shared languages and overlapping working hours first.", "Associations établies ou de référence dans un domaine qui proposent du mentorat, associées à celles qui en demandent ; langues communes et heures de travail communes d'abord.", "Asociaciones consolidadas o de referencia en un área que ofrecen mentoría, emparejadas con las que la solicitan; primero idiomas comunes y horarios de trabajo coincidentes.", "جمعيات راسخة أو رائدة في مجال ما تعرض الإرشاد، تُقرن بجمعيات تطلبه؛ مع تفضيل اللغات المشتركة وتداخل ساعات العمل."},
	"dash.area":                  {"Area", "Domaine", "Área", "المجال"},
	"dash.mentor":                {"Mentor", "Mentor", "Mentor", "المرشد"},
	"dash.mentee":                {"Mentee", "Mentoré", "Mentorizada", "المسترشد"},
	"dash.languages":             {"Shared languages", "Langues communes", "Idiomas comunes", "اللغات المشتركة"},
	"dash.overlap":               {"Shared working hours", "Heures de travail communes", "Horas de trabajo comunes", "ساعات العمل المشتركة"},
	"dash.cross":                 {"Across regions", "Entre régions", "Entre regiones", "بين المناطق"},
	"dash.nomatches":             {"No mentoring match in this campaign yet.", "Aucune proposition de mentorat pour cette campagne pour l'instant.", "Aún no hay propuestas de mentoría en esta campaña.", "لا توجد مقترحات إرشاد في هذه الحملة بعد."},
	"stat.median":                {"Median", "Médiane", "Mediana", "الوسيط"},
	"stat.iqr":                   {"Middle half (25th–75th)", "Moitié centrale (25e–75e)", "Mitad central (25–75)", "النصف الأوسط (25–75)"},
	"stat.p10p90":                {"10th–90th percentile", "10e–90e centile", "Percentiles 10–90", "المئين 10–90"},
	"stat.mean":                  {"Mean", "Moyenne", "Media", "المتوسط"},
}
