package i18n

// mentoring are the messages of the Mentorship of Library Associations
// pilot: its matching on the dashboard and on the command line.
var mentoring = map[string]Text{
	"dash.pilot.served": {
		"Matching of %[4]s: %[1]d of %[2]d requests served (the greedy matching it replaces served %[3]d).",
		"Appariement du %[4]s : %[1]d demandes servies sur %[2]d (l'appariement glouton qu'il remplace en servait %[3]d).",
		"Emparejamiento del %[4]s: %[1]d de %[2]d solicitudes atendidas (el emparejamiento voraz al que sustituye atendía %[3]d).",
		"مطابقة %[4]s: تمت تلبية %[1]d من %[2]d طلبًا (كانت المطابقة الجشعة التي تحل محلها تلبي %[3]d).",
	},
	"dash.pilot.area": {
		"%[1]s: %[2]d of %[3]d",
		"%[1]s : %[2]d sur %[3]d",
		"%[1]s: %[2]d de %[3]d",
		"%[1]s: %[2]d من %[3]d",
	},
	"cli.mentoring.head": {
		"%[1]s, matching date %[2]s: %[3]d of %[4]d requests served (greedy: %[5]d)",
		"%[1]s, date d'appariement %[2]s : %[3]d demandes servies sur %[4]d (glouton : %[5]d)",
		"%[1]s, fecha de emparejamiento %[2]s: %[3]d de %[4]d solicitudes atendidas (voraz: %[5]d)",
		"%[1]s، تاريخ المطابقة %[2]s: تمت تلبية %[3]d من %[4]d طلبًا (الجشعة: %[5]d)",
	},
	"cli.mentoring.proposed": {
		"%[1]s, matching date %[2]s: %[3]d pairs proposed, %[4]d unanswered proposals kept, %[5]d superseded",
		"%[1]s, date d'appariement %[2]s : %[3]d binômes proposés, %[4]d propositions sans réponse conservées, %[5]d remplacées",
		"%[1]s, fecha de emparejamiento %[2]s: %[3]d parejas propuestas, %[4]d propuestas sin respuesta conservadas, %[5]d sustituidas",
		"%[1]s، تاريخ المطابقة %[2]s: اقتُرح %[3]d ثنائيًا، وأُبقي %[4]d من المقترحات دون رد، واستُبدل %[5]d",
	},
	"cli.mentoring.cross": {"different regions", "régions différentes", "regiones distintas", "منطقتان مختلفتان"},
}
