package questionnaires

import "fmt"

type msgKey int

const (
	msgUnknownQuestion msgKey = iota
	msgNote
	msgWrongKind
	msgWantText
	msgWantNumber
	msgWantWhole
	msgWantChoice
	msgWantChoices
	msgDuplicateChoice
	msgExclusive
	msgWantYesNo
	msgWantLevel
	msgNANotAllowed
	msgTooLong
	msgControl
	msgDate
	msgWantRows
	msgUnknownRow
	msgRubricShape
	msgEvidence
	msgPercent
	msgRequired
	msgMin
	msgMax
	msgMinSelected
	msgMaxSelected
	msgNotRelevant
	msgConstraint
)

// MessageLanguages are the languages validation messages are written in.
var MessageLanguages = []string{"en", "fr", "es", "ar"}

// messages hold every validation message in each of MessageLanguages.
var messages = map[msgKey][4]string{
	msgUnknownQuestion: {"unknown question", "question inconnue", "pregunta desconocida", "سؤال غير معروف"},
	msgNote: {"this item is for information only and takes no answer",
		"cet élément est informatif et n'attend pas de réponse",
		"este elemento es solo informativo y no admite respuesta",
		"هذا العنصر للعلم فقط ولا يقبل إجابة"},
	msgWrongKind: {"this answer has the wrong form for this question",
		"cette réponse n'a pas la forme attendue pour cette question",
		"esta respuesta no tiene la forma esperada para esta pregunta",
		"هذه الإجابة ليست بالشكل المطلوب لهذا السؤال"},
	msgWantText:        {"must be text", "doit être un texte", "debe ser un texto", "يجب أن تكون نصًا"},
	msgWantNumber:      {"must be a number", "doit être un nombre", "debe ser un número", "يجب أن تكون رقمًا"},
	msgWantWhole:       {"must be a whole number", "doit être un nombre entier", "debe ser un número entero", "يجب أن تكون عددًا صحيحًا"},
	msgWantChoice:      {"must be one of the listed choices", "doit être l'un des choix proposés", "debe ser una de las opciones propuestas", "يجب أن تكون أحد الخيارات المعروضة"},
	msgWantChoices:     {"must be a list of the listed choices", "doit être une liste de choix proposés", "debe ser una lista de opciones propuestas", "يجب أن تكون قائمة من الخيارات المعروضة"},
	msgDuplicateChoice: {"a choice is selected twice", "un choix est sélectionné deux fois", "una opción está seleccionada dos veces", "تم اختيار أحد الخيارات مرتين"},
	msgExclusive: {"“%s” cannot be combined with other choices", "« %s » ne peut pas être combiné avec d'autres choix",
		"«%s» no se puede combinar con otras opciones", "لا يمكن الجمع بين «%s» وخيارات أخرى"},
	msgWantYesNo:    {"must be yes or no", "doit être oui ou non", "debe ser sí o no", "يجب أن تكون نعم أو لا"},
	msgWantLevel:    {"must be a level from 1 to %d", "doit être un niveau de 1 à %d", "debe ser un nivel del 1 al %d", "يجب أن يكون مستوى من 1 إلى %d"},
	msgNANotAllowed: {"“not applicable” is not allowed here", "« sans objet » n'est pas permis ici", "«no aplica» no está permitido aquí", "«لا ينطبق» غير مسموح به هنا"},
	msgTooLong:      {"is too long (at most %d characters)", "est trop long (%d caractères au plus)", "es demasiado largo (%d caracteres como máximo)", "طويل جدًا (%d حرفًا على الأكثر)"},
	msgControl:      {"contains control characters", "contient des caractères de contrôle", "contiene caracteres de control", "يحتوي على محارف تحكم"},
	msgDate:         {"must be a date written YYYY-MM-DD", "doit être une date au format AAAA-MM-JJ", "debe ser una fecha con el formato AAAA-MM-DD", "يجب أن يكون تاريخًا بالصيغة YYYY-MM-DD"},
	msgWantRows: {"must give a level for rows of the table", "doit donner un niveau pour les lignes du tableau",
		"debe indicar un nivel para las filas de la tabla", "يجب تحديد مستوى لصفوف الجدول"},
	msgUnknownRow: {"unknown row %q", "ligne inconnue %q", "fila desconocida %q", "صف غير معروف %q"},
	msgRubricShape: {"must give a level (1-4 or n/a), and optionally a justification and an evidence link",
		"doit donner un niveau (1-4 ou n/a), et éventuellement une justification et un lien vers une preuve",
		"debe indicar un nivel (1-4 o n/a) y, opcionalmente, una justificación y un enlace a una evidencia",
		"يجب تحديد مستوى (1-4 أو n/a)، ويمكن إضافة تبرير ورابط إلى دليل"},
	msgEvidence: {"the evidence link must be a web address starting with https:// or http://",
		"le lien vers la preuve doit être une adresse web commençant par https:// ou http://",
		"el enlace a la evidencia debe ser una dirección web que empiece por https:// o http://",
		"يجب أن يكون رابط الدليل عنوان ويب يبدأ بـ https:// أو http://"},
	msgPercent:     {"must be between 0 and 100", "doit être compris entre 0 et 100", "debe estar entre 0 y 100", "يجب أن يكون بين 0 و100"},
	msgRequired:    {"this answer is required", "cette réponse est obligatoire", "esta respuesta es obligatoria", "هذه الإجابة مطلوبة"},
	msgMin:         {"must be at least %s", "doit être au moins %s", "debe ser al menos %s", "يجب ألا يقل عن %s"},
	msgMax:         {"must be at most %s", "doit être au plus %s", "debe ser como máximo %s", "يجب ألا يزيد عن %s"},
	msgMinSelected: {"select at least %s", "sélectionnez au moins %s choix", "seleccione al menos %s opciones", "اختر %s على الأقل"},
	msgMaxSelected: {"select at most %s", "sélectionnez au plus %s choix", "seleccione como máximo %s opciones", "اختر %s على الأكثر"},
	msgNotRelevant: {"this question does not apply given your other answers: remove this answer",
		"cette question ne s'applique pas compte tenu de vos autres réponses : supprimez cette réponse",
		"esta pregunta no se aplica según sus otras respuestas: elimine esta respuesta",
		"هذا السؤال لا ينطبق بحسب إجاباتك الأخرى: احذف هذه الإجابة"},
	msgConstraint: {"this answer is not valid", "cette réponse n'est pas valide", "esta respuesta no es válida", "هذه الإجابة غير صالحة"},
}

func msg(lang string, k msgKey, args ...any) string {
	i := 0
	for j, l := range MessageLanguages {
		if l == lang {
			i = j
		}
	}
	m := messages[k][i]
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}
