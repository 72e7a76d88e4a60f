package i18n

// counted are the messages that depend on a count (see N): each
// language lists one form per CLDR plural category of whole numbers
// ("other" is required and is the fallback). English and Spanish have
// one and other, French one (0 and 1) and other, Arabic zero, one, two,
// few (3-10), many (11-99) and other (100 and more). French and Spanish
// "many" (millions) falls back to other.
var counted = map[string]Text{
	// pages
	"meet.sessions": {
		"one=%d session|other=%d sessions",
		"one=%d séance|other=%d séances",
		"one=%d sesión|other=%d sesiones",
		"zero=%d جلسة|one=%d جلسة|two=%d جلستان|few=%d جلسات|many=%d جلسةً|other=%d جلسة"},
	"meet.nozone": {
		"one=%d association has no valid time zone and is left out of the plan.|other=%d associations have no valid time zone and are left out of the plan.",
		"one=%d association n'a pas de fuseau horaire valide et n'est pas prise en compte.|other=%d associations n'ont pas de fuseau horaire valide et ne sont pas prises en compte.",
		"one=%d asociación no tiene una zona horaria válida y queda fuera del plan.|other=%d asociaciones no tienen una zona horaria válida y quedan fuera del plan.",
		"zero=%d جمعية بلا منطقة زمنية صالحة مستبعدة من الخطة.|one=%d جمعية بلا منطقة زمنية صالحة مستبعدة من الخطة.|two=%d جمعيتان بلا منطقة زمنية صالحة مستبعدتان من الخطة.|few=%d جمعيات بلا منطقة زمنية صالحة مستبعدة من الخطة.|many=%d جمعيةً بلا منطقة زمنية صالحة مستبعدة من الخطة.|other=%d جمعية بلا منطقة زمنية صالحة مستبعدة من الخطة."},
	"home.days": {
		"one=%d day|other=%d days",
		"one=%d jour|other=%d jours",
		"one=%d día|other=%d días",
		"zero=%d يوم|one=%d يوم|two=%d يومان|few=%d أيام|many=%d يومًا|other=%d يوم"},
	// counted by the number of required answers (the second number)
	"home.progress": {
		"one=%d of %d required answer given|other=%d of %d required answers given",
		"one=%d sur %d réponse obligatoire donnée|other=%d sur %d réponses obligatoires données",
		"one=%d de %d respuesta obligatoria dada|other=%d de %d respuestas obligatorias dadas",
		"zero=%d من %d إجابة مطلوبة|one=%d من %d إجابة مطلوبة|two=%d من %d إجابتين مطلوبتين|few=%d من %d إجابات مطلوبة|many=%d من %d إجابةً مطلوبة|other=%d من %d إجابة مطلوبة"},
	"submit.problems": {
		"one=%d answer needs attention before you can submit|other=%d answers need attention before you can submit",
		"one=%d réponse est à revoir avant de pouvoir soumettre|other=%d réponses sont à revoir avant de pouvoir soumettre",
		"one=%d respuesta requiere atención antes de enviar|other=%d respuestas requieren atención antes de enviar",
		"zero=%d إجابة تحتاج إلى مراجعة قبل الإرسال|one=%d إجابة تحتاج إلى مراجعة قبل الإرسال|two=%d إجابتان تحتاجان إلى مراجعة قبل الإرسال|few=%d إجابات تحتاج إلى مراجعة قبل الإرسال|many=%d إجابةً تحتاج إلى مراجعة قبل الإرسال|other=%d إجابة تحتاج إلى مراجعة قبل الإرسال"},
	// counted by the number of questionnaires (the second number)
	"sc.submitted": {
		"one=%d of %d questionnaire submitted|other=%d of %d questionnaires submitted",
		"one=%d sur %d questionnaire soumis|other=%d sur %d questionnaires soumis",
		"one=%d de %d cuestionario enviado|other=%d de %d cuestionarios enviados",
		"zero=أُرسل %d من %d استبيان|one=أُرسل %d من %d استبيان|two=أُرسل %d من %d استبيانين|few=أُرسل %d من %d استبيانات|many=أُرسل %d من %d استبيانًا|other=أُرسل %d من %d استبيان"},
	// counted by k, the anonymity threshold
	"suppressed": {
		"one=fewer than %d response (n = %d)|other=fewer than %d responses (n = %d)",
		"one=moins de %d réponse (n = %d)|other=moins de %d réponses (n = %d)",
		"one=menos de %d respuesta (n = %d)|other=menos de %d respuestas (n = %d)",
		"zero=أقل من %d إجابة (n = %d)|one=أقل من %d إجابة (n = %d)|two=أقل من %d إجابتين (n = %d)|few=أقل من %d إجابات (n = %d)|many=أقل من %d إجابةً (n = %d)|other=أقل من %d إجابة (n = %d)"},
	"suppressed.trend": {
		"one=fewer than %d response in one of the campaigns, or hidden to protect a smaller group|other=fewer than %d responses in one of the campaigns, or hidden to protect a smaller group",
		"one=moins de %d réponse dans l'une des campagnes, ou masqué pour protéger un groupe plus petit|other=moins de %d réponses dans l'une des campagnes, ou masqué pour protéger un groupe plus petit",
		"one=menos de %d respuesta en una de las campañas, u oculto para proteger un grupo más pequeño|other=menos de %d respuestas en una de las campañas, u oculto para proteger un grupo más pequeño",
		"zero=أقل من %d إجابة في إحدى الحملتين، أو مخفي لحماية مجموعة أصغر|one=أقل من %d إجابة في إحدى الحملتين، أو مخفي لحماية مجموعة أصغر|two=أقل من %d إجابتين في إحدى الحملتين، أو مخفي لحماية مجموعة أصغر|few=أقل من %d إجابات في إحدى الحملتين، أو مخفي لحماية مجموعة أصغر|many=أقل من %d إجابةً في إحدى الحملتين، أو مخفي لحماية مجموعة أصغر|other=أقل من %d إجابة في إحدى الحملتين، أو مخفي لحماية مجموعة أصغر"},
	"dash.k": {
		"one=Groups with fewer than %d response show their size only; a few larger groups are hidden too, so that no small group can be worked out by subtraction.|other=Groups with fewer than %d responses show their size only; a few larger groups are hidden too, so that no small group can be worked out by subtraction.",
		"one=Les groupes de moins de %d réponse n'affichent que leur effectif ; quelques groupes plus grands sont aussi masqués, pour qu'aucun petit groupe ne se déduise par soustraction.|other=Les groupes de moins de %d réponses n'affichent que leur effectif ; quelques groupes plus grands sont aussi masqués, pour qu'aucun petit groupe ne se déduise par soustraction.",
		"one=Los grupos con menos de %d respuesta solo muestran su tamaño; algunos grupos mayores también se ocultan, para que ningún grupo pequeño se deduzca por resta.|other=Los grupos con menos de %d respuestas solo muestran su tamaño; algunos grupos mayores también se ocultan, para que ningún grupo pequeño se deduzca por resta.",
		"zero=المجموعات التي تقل إجاباتها عن %d تعرض عددها فقط؛ وتُخفى أيضًا بعض المجموعات الأكبر حتى لا تُستنتج أي مجموعة صغيرة بالطرح.|one=المجموعات التي تقل إجاباتها عن %d تعرض عددها فقط؛ وتُخفى أيضًا بعض المجموعات الأكبر حتى لا تُستنتج أي مجموعة صغيرة بالطرح.|two=المجموعات التي تقل إجاباتها عن %d تعرض عددها فقط؛ وتُخفى أيضًا بعض المجموعات الأكبر حتى لا تُستنتج أي مجموعة صغيرة بالطرح.|few=المجموعات التي تقل إجاباتها عن %d تعرض عددها فقط؛ وتُخفى أيضًا بعض المجموعات الأكبر حتى لا تُستنتج أي مجموعة صغيرة بالطرح.|many=المجموعات التي تقل إجاباتها عن %d تعرض عددها فقط؛ وتُخفى أيضًا بعض المجموعات الأكبر حتى لا تُستنتج أي مجموعة صغيرة بالطرح.|other=المجموعات التي تقل إجاباتها عن %d تعرض عددها فقط؛ وتُخفى أيضًا بعض المجموعات الأكبر حتى لا تُستنتج أي مجموعة صغيرة بالطرح."},
	"sc.nopeer": {
		"one=not shown (fewer than %d response)|other=not shown (fewer than %d responses)",
		"one=non affichée (moins de %d réponse)|other=non affichée (moins de %d réponses)",
		"one=no se muestra (menos de %d respuesta)|other=no se muestra (menos de %d respuestas)",
		"zero=غير معروض (أقل من %d إجابة)|one=غير معروض (أقل من %d إجابة)|two=غير معروض (أقل من %d إجابتين)|few=غير معروض (أقل من %d إجابات)|many=غير معروض (أقل من %d إجابةً)|other=غير معروض (أقل من %d إجابة)"},

	// workbooks
	"suppressed.few": {
		"one=fewer than %d response|other=fewer than %d responses",
		"one=moins de %d réponse|other=moins de %d réponses",
		"one=menos de %d respuesta|other=menos de %d respuestas",
		"zero=أقل من %d إجابة|one=أقل من %d إجابة|two=أقل من %d إجابتين|few=أقل من %d إجابات|many=أقل من %d إجابةً|other=أقل من %d إجابة"},
	// counted by the number of entries (the second argument)
	"builtin.list": {
		"one=built-in list %s (%d entry)|other=built-in list %s (%d entries)",
		"one=liste intégrée %s (%d entrée)|other=liste intégrée %s (%d entrées)",
		"one=lista integrada %s (%d entrada)|other=lista integrada %s (%d entradas)",
		"zero=قائمة مدمجة %s (%d عنصر)|one=قائمة مدمجة %s (%d عنصر)|two=قائمة مدمجة %s (%d عنصران)|few=قائمة مدمجة %s (%d عناصر)|many=قائمة مدمجة %s (%d عنصرًا)|other=قائمة مدمجة %s (%d عنصر)"},
	"ex.count": {
		"one=%d option selected reaches the band starting at %s, which gives %s points.|other=%d options selected reach the band starting at %s, which gives %s points.",
		"one=%d option choisie atteint la tranche qui commence à %s, qui vaut %s points.|other=%d options choisies atteignent la tranche qui commence à %s, qui vaut %s points.",
		"one=%d opción elegida alcanza el tramo que empieza en %s, que vale %s puntos.|other=%d opciones elegidas alcanzan el tramo que empieza en %s, que vale %s puntos.",
		"zero=%d خيار مختار يبلغ الشريحة التي تبدأ عند %s، وتمنح %s نقطة.|one=%d خيار مختار يبلغ الشريحة التي تبدأ عند %s، وتمنح %s نقطة.|two=%d خياران مختاران يبلغان الشريحة التي تبدأ عند %s، وتمنح %s نقطة.|few=%d خيارات مختارة تبلغ الشريحة التي تبدأ عند %s، وتمنح %s نقطة.|many=%d خيارًا مختارًا تبلغ الشريحة التي تبدأ عند %s، وتمنح %s نقطة.|other=%d خيار مختار تبلغ الشريحة التي تبدأ عند %s، وتمنح %s نقطة."},
	// counted by the number of answered rows (the third argument)
	"ex.matrix": {
		"one=Mean level %s of %d over %d answered row: level 1 gives 0 points, level %d gives 100.|other=Mean level %s of %d over %d answered rows: level 1 gives 0 points, level %d gives 100.",
		"one=Niveau moyen %s sur %d pour %d ligne renseignée : le niveau 1 vaut 0 point, le niveau %d vaut 100.|other=Niveau moyen %s sur %d pour %d lignes renseignées : le niveau 1 vaut 0 point, le niveau %d vaut 100.",
		"one=Nivel medio %s de %d en %d fila respondida: el nivel 1 vale 0 puntos, el nivel %d vale 100.|other=Nivel medio %s de %d en %d filas respondidas: el nivel 1 vale 0 puntos, el nivel %d vale 100.",
		"zero=متوسط المستوى %s من %d على %d صف مُجاب: المستوى 1 يمنح 0 نقطة والمستوى %d يمنح 100.|one=متوسط المستوى %s من %d على %d صف مُجاب: المستوى 1 يمنح 0 نقطة والمستوى %d يمنح 100.|two=متوسط المستوى %s من %d على %d صفين مُجابين: المستوى 1 يمنح 0 نقطة والمستوى %d يمنح 100.|few=متوسط المستوى %s من %d على %d صفوف مُجابة: المستوى 1 يمنح 0 نقطة والمستوى %d يمنح 100.|many=متوسط المستوى %s من %d على %d صفًا مُجابًا: المستوى 1 يمنح 0 نقطة والمستوى %d يمنح 100.|other=متوسط المستوى %s من %d على %d صف مُجاب: المستوى 1 يمنح 0 نقطة والمستوى %d يمنح 100."},
	"h.text": {
		"one=Text, at most %d character.|other=Text, at most %d characters.",
		"one=Texte, %d caractère au plus.|other=Texte, %d caractères au plus.",
		"one=Texto, %d carácter como máximo.|other=Texto, %d caracteres como máximo.",
		"zero=نص، %d حرف على الأكثر.|one=نص، %d حرف على الأكثر.|two=نص، %d حرفان على الأكثر.|few=نص، %d أحرف على الأكثر.|many=نص، %d حرفًا على الأكثر.|other=نص، %d حرف على الأكثر."},

	// validation
	"v.too_long": {
		"one=is too long (at most %d character)|other=is too long (at most %d characters)",
		"one=est trop long (%d caractère au plus)|other=est trop long (%d caractères au plus)",
		"one=es demasiado largo (%d carácter como máximo)|other=es demasiado largo (%d caracteres como máximo)",
		"zero=طويل جدًا (%d حرف على الأكثر)|one=طويل جدًا (%d حرف على الأكثر)|two=طويل جدًا (%d حرفان على الأكثر)|few=طويل جدًا (%d أحرف على الأكثر)|many=طويل جدًا (%d حرفًا على الأكثر)|other=طويل جدًا (%d حرف على الأكثر)"},

	// command line
	"cli.validate.failed": {
		"one=%d of %d questionnaire has errors|other=%d of %d questionnaires have errors",
		"one=%d questionnaire sur %d comporte des erreurs|other=%d questionnaires sur %d comportent des erreurs",
		"one=%d de %d cuestionario tiene errores|other=%d de %d cuestionarios tienen errores",
		"zero=%d من %d استبيان فيها أخطاء|one=%d من %d استبيان فيه أخطاء|two=%d من %d استبيانين فيها أخطاء|few=%d من %d استبيانات فيها أخطاء|many=%d من %d استبيانًا فيها أخطاء|other=%d من %d استبيان فيها أخطاء"},
	"cli.imported": {
		"one=imported %d answer into the draft %s (revision %d)|other=imported %d answers into the draft %s (revision %d)",
		"one=%d réponse importée dans le brouillon %s (révision %d)|other=%d réponses importées dans le brouillon %s (révision %d)",
		"one=%d respuesta importada en el borrador %s (revisión %d)|other=%d respuestas importadas en el borrador %s (revisión %d)",
		"zero=استُورد %d إجابة إلى المسودة %s (المراجعة %d)|one=استُوردت %d إجابة إلى المسودة %s (المراجعة %d)|two=استُوردت %d إجابتان إلى المسودة %s (المراجعة %d)|few=استُوردت %d إجابات إلى المسودة %s (المراجعة %d)|many=استُوردت %d إجابةً إلى المسودة %s (المراجعة %d)|other=استُوردت %d إجابة إلى المسودة %s (المراجعة %d)"},
	"cli.import.problems": {
		"one=%d problem: nothing imported|other=%d problems: nothing imported",
		"one=%d problème : rien n'a été importé|other=%d problèmes : rien n'a été importé",
		"one=%d problema: no se importó nada|other=%d problemas: no se importó nada",
		"zero=%d مشكلة: لم يُستورد شيء|one=%d مشكلة: لم يُستورد شيء|two=%d مشكلتان: لم يُستورد شيء|few=%d مشكلات: لم يُستورد شيء|many=%d مشكلةً: لم يُستورد شيء|other=%d مشكلة: لم يُستورد شيء"},
	"cli.definition.problems": {
		"one=%d problem: no definition written|other=%d problems: no definition written",
		"one=%d problème : aucune définition écrite|other=%d problèmes : aucune définition écrite",
		"one=%d problema: no se escribió ninguna definición|other=%d problemas: no se escribió ninguna definición",
		"zero=%d مشكلة: لم يُكتب أي تعريف|one=%d مشكلة: لم يُكتب أي تعريف|two=%d مشكلتان: لم يُكتب أي تعريف|few=%d مشكلات: لم يُكتب أي تعريف|many=%d مشكلةً: لم يُكتب أي تعريف|other=%d مشكلة: لم يُكتب أي تعريف"},
	"cli.responses": {
		"one=%d response|other=%d responses",
		"one=%d réponse|other=%d réponses",
		"one=%d respuesta|other=%d respuestas",
		"zero=%d إجابة|one=%d إجابة|two=%d إجابتان|few=%d إجابات|many=%d إجابةً|other=%d إجابة"},
	// counted by the number of questions (the fourth argument)
	"cli.wrote.definition": {
		"one=wrote %s: %s %s, %d question|other=wrote %s: %s %s, %d questions",
		"one=%s écrit : %s %s, %d question|other=%s écrit : %s %s, %d questions",
		"one=%s escrito: %s %s, %d pregunta|other=%s escrito: %s %s, %d preguntas",
		"zero=كُتب %s: %s %s، %d سؤال|one=كُتب %s: %s %s، %d سؤال|two=كُتب %s: %s %s، %d سؤالان|few=كُتب %s: %s %s، %d أسئلة|many=كُتب %s: %s %s، %d سؤالًا|other=كُتب %s: %s %s، %d سؤال"},
}

// cli are the messages of the command line (cmd/assocbench) that are
// not counted.
var cli = map[string]Text{
	"cli.meeting.call":    {"%s %s-%s UTC: %d of %d covered; off hours for: %s", "%s %s-%s UTC : %d sur %d couverts ; hors heures pour : %s", "%s %s-%s UTC: %d de %d cubiertos; fuera de horario para: %s", "%s %s-%s UTC: %d من %d مشمولون؛ خارج ساعات العمل لـ: %s"},
	"cli.meeting.head":    {"%[1]s on %[4]s (UTC date): %[2]d × %[3]d minutes, working window %[5]s local", "%[1]s le %[4]s (date UTC) : %[2]d × %[3]d minutes, plage de travail %[5]s locale", "%[1]s el %[4]s (fecha UTC): %[2]d × %[3]d minutos, horario laboral %[5]s local", "%[1]s في %[4]s (تاريخ UTC): %[2]d × %[3]d دقيقة، نافذة العمل %[5]s بالتوقيت المحلي"},
	"cli.meeting.nozone":  {"%d associations have no valid time zone and are left out", "%d associations n'ont pas de fuseau horaire valide et sont laissées de côté", "%d asociaciones no tienen una zona horaria válida y quedan fuera", "%d جمعيات ليس لها منطقة زمنية صالحة فاستُبعدت"},
	"cli.meeting.session": {"  session %d: %s-%s UTC, covers %d", "  séance %d : %s-%s UTC, couvre %d", "  sesión %d: %s-%s UTC, cubre %d", "  الجلسة %d: %s-%s UTC، تشمل %d"},
	"cli.meeting.took":    {"exhaustive search: %d combinations in %s", "recherche exhaustive : %d combinaisons en %s", "búsqueda exhaustiva: %d combinaciones en %s", "بحث شامل: %d تركيبة في %s"},
	"cli.meeting.total":   {"covered: %d of %d participants; %d participant-minutes outside 08:00-18:00 local", "couverts : %d participants sur %d ; %d minutes-participant hors 08:00-18:00 locales", "cubiertos: %d de %d participantes; %d minutos-participante fuera de 08:00-18:00 local", "المشمولون: %d من %d مشاركًا؛ %d دقيقة-مشارك خارج 08:00-18:00 بالتوقيت المحلي"},
	"cli.validate.ok":     {"%s: ok (%s %s)", "%s : correct (%s %s)", "%s: correcto (%s %s)", "%s: سليم (%s %s)"},
}
