package i18n

// admin2 are the messages of the administrator's imports, campaign
// creation, questionnaire uploads and e-mailed reminders (web/admin_import.go,
// web/admin_new.go, web/admin_mail.go).
var admin2 = map[string]Text{
	"admin.import.title":    {"Import many associations", "Importer plusieurs associations", "Importar varias asociaciones", "استيراد جمعيات عديدة"},
	"admin.import.hint":     {"A CSV or XLSX table with a header row and one association a row. Nothing is registered unless every row is correct. Templates:", "Un tableau CSV ou XLSX avec une ligne d'en-tête et une association par ligne. Rien n'est enregistré tant que chaque ligne n'est pas correcte. Modèles :", "Una tabla CSV o XLSX con una fila de encabezado y una asociación por fila. No se registra nada mientras alguna fila sea incorrecta. Plantillas:", "جدول CSV أو XLSX بصف عناوين وجمعية في كل صف. لا يُسجَّل شيء ما لم تكن كل الصفوف صحيحة. النماذج:"},
	"admin.import.csv":      {"CSV template", "modèle CSV", "plantilla CSV", "نموذج CSV"},
	"admin.import.xlsx":     {"XLSX template", "modèle XLSX", "plantilla XLSX", "نموذج XLSX"},
	"admin.import.file":     {"Table (CSV or XLSX)", "Tableau (CSV ou XLSX)", "Tabla (CSV o XLSX)", "الجدول (CSV أو XLSX)"},
	"admin.import.go":       {"Import the table", "Importer le tableau", "Importar la tabla", "استيراد الجدول"},
	"admin.import.problems": {"Nothing was imported: correct these rows and upload the table again", "Rien n'a été importé : corrigez ces lignes et envoyez à nouveau le tableau", "No se importó nada: corrija estas filas y vuelva a subir la tabla", "لم يُستورد شيء: صحّح هذه الصفوف وارفع الجدول مرة أخرى"},
	"admin.import.done":     {"Associations registered by the import: %d.", "Associations enregistrées par l'import : %d.", "Asociaciones registradas por la importación: %d.", "الجمعيات المسجلة بالاستيراد: %d."},
	"admin.import.badxlsx":  {"The file looks like a workbook but cannot be read: save it again as .xlsx.", "Le fichier ressemble à un classeur mais est illisible : enregistrez-le de nouveau en .xlsx.", "El archivo parece un libro pero no se puede leer: guárdelo de nuevo como .xlsx.", "يبدو الملف مصنفًا لكن تتعذر قراءته: احفظه مجددًا بصيغة ‎.xlsx."},
	"admin.import.xls":      {"This is an .xls (Excel 97-2003) workbook: save it as .xlsx (Excel Workbook) and upload that.", "C'est un classeur .xls (Excel 97-2003) : enregistrez-le en .xlsx (Classeur Excel) et envoyez celui-ci.", "Es un libro .xls (Excel 97-2003): guárdelo como .xlsx (Libro de Excel) y suba ese.", "هذا مصنف ‎.xls (Excel 97-2003): احفظه بصيغة ‎.xlsx (مصنف Excel) وارفعه."},
	"admin.import.notcsv":   {"The file is neither an .xlsx workbook nor UTF-8 CSV text.", "Le fichier n'est ni un classeur .xlsx ni un texte CSV en UTF-8.", "El archivo no es un libro .xlsx ni texto CSV en UTF-8.", "الملف ليس مصنف ‎.xlsx ولا نص CSV بترميز UTF-8."},
	"admin.upload.nofile":   {"Choose a file to upload.", "Choisissez un fichier à envoyer.", "Elija un archivo para subir.", "اختر ملفًا لرفعه."},
}
