package i18n

// public are the messages of the public report (web/public.go) and of
// its switch on the administrator's campaign page.
var public = map[string]Text{
	"pub.title":                   {"Public report: %s", "Rapport public : %s", "Informe público: %s", "التقرير العام: %s"},
	"pub.lead":                    {"How library associations assess their financial sustainability, membership and communications, by IFLA region. Every figure comes from the campaign's publication: groups too small to protect their members are not shown, and no association is named.", "Comment les associations de bibliothèques évaluent leur viabilité financière, leurs adhésions et leur communication, par région de l'IFLA. Chaque chiffre provient de la publication de la campagne : les groupes trop petits pour protéger leurs membres ne sont pas affichés et aucune association n'est nommée.", "Cómo las asociaciones de bibliotecas evalúan su sostenibilidad financiera, su membresía y su comunicación, por región de la IFLA. Cada cifra procede de la publicación de la campaña: no se muestran los grupos demasiado pequeños para proteger a sus miembros y no se nombra a ninguna asociación.", "كيف تقيّم جمعيات المكتبات استدامتها المالية وعضويتها واتصالاتها، حسب مناطق الإفلا. كل رقم مأخوذ من منشور الحملة: لا تُعرض المجموعات الأصغر من أن تحمي أعضاءها، ولا تُذكر أي جمعية بالاسم."},
	"pub.csv":                     {"Every figure (CSV)", "Tous les chiffres (CSV)", "Todas las cifras (CSV)", "كل الأرقام (CSV)"},
	"pub.print":                   {"Print / Save as PDF", "Imprimer / Enregistrer en PDF", "Imprimir / Guardar como PDF", "طباعة / حفظ بصيغة PDF"},
	"pub.participation":           {"Participation", "Participation", "Participación", "المشاركة"},
	"pub.participation.chart":     {"Associations that took part, by region", "Associations participantes, par région", "Asociaciones participantes, por región", "الجمعيات المشاركة حسب المنطقة"},
	"pub.scores":                  {"Scores by region and area", "Scores par région et domaine", "Puntuaciones por región y área", "الدرجات حسب المنطقة والمجال"},
	"pub.scores.chart":            {"Median score (0–100) by region and area", "Score médian (0–100) par région et domaine", "Puntuación mediana (0–100) por región y área", "الدرجة الوسيطة (0–100) حسب المنطقة والمجال"},
	"pub.levels":                  {"Maturity levels by region", "Niveaux de maturité par région", "Niveles de madurez por región", "مستويات النضج حسب المنطقة"},
	"pub.practices":               {"Key practices", "Pratiques clés", "Prácticas clave", "الممارسات الرئيسية"},
	"pub.practices.hint":          {"Chosen by the working groups: the share of associations in each region giving each answer.", "Choisies par les groupes de travail : la part des associations de chaque région donnant chaque réponse.", "Elegidas por los grupos de trabajo: la proporción de asociaciones de cada región que da cada respuesta.", "اختارتها مجموعات العمل: نسبة الجمعيات في كل منطقة التي أعطت كل إجابة."},
	"pub.trend.chart":             {"Median overall score by region, %s → %s", "Score global médian par région, %s → %s", "Puntuación global mediana por región, %s → %s", "الدرجة الإجمالية الوسيطة حسب المنطقة، %s ← %s"},
	"pub.trend.none":              {"This campaign is not compared with an earlier one.", "Cette campagne n'est pas comparée à une campagne antérieure.", "Esta campaña no se compara con una anterior.", "لا تُقارن هذه الحملة بحملة سابقة."},
	"pub.trend.norelease":         {"The earlier campaign has no publication yet to compare with.", "La campagne antérieure n'a pas encore de publication à comparer.", "La campaña anterior aún no tiene publicación con la que comparar.", "لا يوجد بعد منشور للحملة السابقة للمقارنة به."},
	"admin.campaign.public":       {"Public report", "Rapport public", "Informe público", "التقرير العام"},
	"admin.campaign.public.on":    {"Show the public report at %s (anyone, without signing in)", "Afficher le rapport public à %s (tout le monde, sans connexion)", "Mostrar el informe público en %s (cualquiera, sin iniciar sesión)", "عرض التقرير العام على %s (للجميع دون تسجيل الدخول)"},
	"admin.campaign.keypractices": {"Key practices of the public report (questionnaire/question, one a line)", "Pratiques clés du rapport public (questionnaire/question, une par ligne)", "Prácticas clave del informe público (cuestionario/pregunta, una por línea)", "الممارسات الرئيسية في التقرير العام (استبيان/سؤال، واحد في كل سطر)"},
}
