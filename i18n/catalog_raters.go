package i18n

import "fmt"

// raters are the messages of the raters' pages (web/raters.go), of the
// scorecard's consensus index and of the workbook's Raters sheet; init
// adds them to the page messages and the counted ones to counted.
var raters = map[string]Text{
	"rater.divergence":   {"Where the raters differ", "Où les évaluateurs divergent", "Dónde difieren los evaluadores", "مواضع اختلاف المقيّمين"},
	"rater.home.done":    {"Thank you: your rating is submitted. Once others have submitted, you can see where the raters differ.", "Merci : votre évaluation est soumise. Quand d'autres auront soumis la leur, vous verrez où les évaluateurs divergent.", "Gracias: su evaluación se ha enviado. Cuando otros envíen la suya, verá dónde difieren los evaluadores.", "شكرًا: أُرسل تقييمك. عندما يرسل الآخرون تقييماتهم يمكنك أن ترى مواضع اختلاف المقيّمين."},
	"rater.home.heading": {"Your rating of %s", "Votre évaluation de %s", "Su evaluación de %s", "تقييمك لـ %s"},
	"rater.home.text":    {"Answer on your own: the other raters do not see your answers, and you see theirs (without names) only after submitting yours. Your answers are saved as you go.", "Répondez seul : les autres évaluateurs ne voient pas vos réponses, et vous ne voyez les leurs (sans noms) qu'après avoir soumis les vôtres. Vos réponses sont enregistrées au fur et à mesure.", "Responda por su cuenta: los demás evaluadores no ven sus respuestas, y usted ve las suyas (sin nombres) solo después de enviar las propias. Sus respuestas se guardan a medida que avanza.", "أجب بمفردك: لا يرى المقيّمون الآخرون إجاباتك، ولا ترى إجاباتهم (دون أسماء) إلا بعد إرسال إجاباتك. تُحفظ إجاباتك أولًا بأول."},
	"rater.home.title":   {"Your rating", "Votre évaluation", "Su evaluación", "تقييمك"},
	"rater.home.you":     {"rater: %s", "évaluateur : %s", "evaluador: %s", "المقيّم: %s"},
	"rater.n":            {"Rater %d", "Évaluateur %d", "Evaluador %d", "المقيّم %d"},
	"rater.you":          {"You", "Vous", "Usted", "أنت"},
	"raters.apart":       {"2+ levels apart", "écart de 2 niveaux ou plus", "2 o más niveles de diferencia", "فرق مستويين أو أكثر"},
	"raters.compare":     {"Compare the raters: %s", "Comparer les évaluateurs : %s", "Comparar a los evaluadores: %s", "قارن بين المقيّمين: %s"},
	"raters.consensus":   {"The association's consensus: %s", "Consensus de l'association : %s", "Consenso de la asociación: %s", "توافق الجمعية: %s"},
	"raters.index":       {"Consensus index", "Indice de consensus", "Índice de consenso", "مؤشر التوافق"},
	"raters.index.text":  {"Over %d compared items: 100 when every rater gave the same answer, lower as they spread over the scale.", "Sur %d éléments comparés : 100 quand tous les évaluateurs ont donné la même réponse, moins à mesure qu'ils s'écartent sur l'échelle.", "Sobre %d elementos comparados: 100 cuando todos los evaluadores dieron la misma respuesta, menos a medida que se dispersan en la escala.", "على %d عنصرًا مقارنًا: 100 عندما يعطي كل المقيّمين الإجابة نفسها، وأقل كلما تباعدت إجاباتهم على السلم."},
	"raters.intro":       {"Invite several people of your association (board, staff, volunteers) to rate it independently, each from their own link. Then compare their answers and write the consensus: only the consensus is scored and benchmarked.", "Invitez plusieurs personnes de votre association (bureau, personnel, bénévoles) à l'évaluer indépendamment, chacune avec son propre lien. Comparez ensuite leurs réponses et rédigez le consensus : seul le consensus est noté et comparé.", "Invite a varias personas de su asociación (junta, personal, voluntarios) a evaluarla de forma independiente, cada una con su propio enlace. Luego compare sus respuestas y redacte el consenso: solo el consenso se puntúa y se compara.", "ادعُ عدة أشخاص من جمعيتك (المجلس، الموظفون، المتطوعون) لتقييمها كلٌّ على حدة برابطه الخاص، ثم قارن إجاباتهم واكتب التوافق: التوافق وحده يُحتسب ويُقارن."},
	"raters.invite":      {"Invite this rater", "Inviter cet évaluateur", "Invitar a este evaluador", "ادعُ هذا المقيّم"},
	"raters.invited":     {"%s is invited.", "%s est invité.", "%s está invitado.", "تمت دعوة %s."},
	"raters.items":       {"Compared items", "Éléments comparés", "Elementos comparados", "العناصر المقارنة"},
	"raters.median":      {"Median (pre-filled consensus)", "Médiane (consensus pré-rempli)", "Mediana (consenso prellenado)", "الوسيط (التوافق المعبأ مسبقًا)"},
	"raters.min":         {"Raters needed before the consensus: %d", "Évaluateurs requis avant le consensus : %d", "Evaluadores necesarios antes del consenso: %d", "عدد المقيّمين المطلوب قبل التوافق: %d"},
	"raters.name":        {"Rater's name", "Nom de l'évaluateur", "Nombre del evaluador", "اسم المقيّم"},
	"raters.none":        {"No rater invited yet.", "Aucun évaluateur invité pour l'instant.", "Aún no se ha invitado a ningún evaluador.", "لم تُوجَّه دعوة لأي مقيّم بعد."},
	"raters.once":        {"This link is shown only now: copy it and send it to the rater. Anyone with it can rate as this rater.", "Ce lien n'est affiché que maintenant : copiez-le et envoyez-le à l'évaluateur. Quiconque l'a peut évaluer à sa place.", "Este enlace solo se muestra ahora: cópielo y envíelo al evaluador. Quien lo tenga puede evaluar en su nombre.", "يظهر هذا الرابط الآن فقط: انسخه وأرسله إلى المقيّم. يستطيع كل من لديه الرابط أن يقيّم باسمه."},
	"raters.open":        {"Open the consensus questionnaire", "Ouvrir le questionnaire du consensus", "Abrir el cuestionario del consenso", "افتح استبيان التوافق"},
	"raters.range":       {"Min–max (or agreeing)", "Min–max (ou accord)", "Mín–máx (o acuerdo)", "الأدنى–الأعلى (أو الاتفاق)"},
	"raters.sd":          {"Standard deviation", "Écart type", "Desviación estándar", "الانحراف المعياري"},
	"raters.split":       {"The items where raters are two or more levels apart come first: start the discussion there.", "Les éléments où les évaluateurs sont à deux niveaux ou plus d'écart viennent en premier : commencez la discussion par eux.", "Los elementos en que los evaluadores difieren en dos o más niveles van primero: empiece la conversación por ellos.", "تأتي أولًا العناصر التي يختلف فيها المقيّمون بمستويين أو أكثر: ابدأ النقاش بها."},
	"raters.start":       {"Pre-fill the consensus from the raters", "Pré-remplir le consensus à partir des évaluateurs", "Prellenar el consenso a partir de los evaluadores", "عبّئ التوافق مسبقًا من إجابات المقيّمين"},
	"raters.submitted":   {"Raters who have submitted: %d of %d", "Évaluateurs ayant soumis : %d sur %d", "Evaluadores que han enviado: %d de %d", "المقيّمون الذين أرسلوا: %d من %d"},
	"raters.title":       {"Raters", "Évaluateurs", "Evaluadores", "المقيّمون"},
	"raters.toofew":      {"The comparison shows once two raters have submitted.", "La comparaison s'affiche dès que deux évaluateurs ont soumis.", "La comparación se muestra cuando dos evaluadores han enviado.", "تظهر المقارنة عندما يرسل مقيّمان اثنان."},
	"raters.wait":        {"%d of the %d raters needed have submitted this questionnaire: the consensus can be submitted once they have.", "%d des %d évaluateurs requis ont soumis ce questionnaire : le consensus pourra être soumis ensuite.", "%d de los %d evaluadores necesarios han enviado este cuestionario: el consenso podrá enviarse cuando lo hayan hecho.", "أرسل %d من %d مقيّمين مطلوبين هذا الاستبيان: يمكن إرسال التوافق بعد أن يرسلوه."},
}

// ratersCounted are the raters' messages that depend on a count.
var ratersCounted = map[string]Text{
	"raters.count": {
		"one=%d rater|other=%d raters",
		"one=%d évaluateur|other=%d évaluateurs",
		"one=%d evaluador|other=%d evaluadores",
		"zero=%d مقيّم|one=%d مقيّم|two=%d مقيّمان|few=%d مقيّمين|many=%d مقيّمًا|other=%d مقيّم"},
}

func init() {
	for _, m := range []struct {
		from, into map[string]Text
	}{{raters, pages}, {ratersCounted, counted}} {
		for k, v := range m.from {
			if _, dup := m.into[k]; dup {
				panic(fmt.Sprintf("i18n: message %q is defined twice", k))
			}
			m.into[k] = v
		}
	}
}
