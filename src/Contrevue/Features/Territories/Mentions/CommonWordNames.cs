namespace Contrevue.Features.Territories.Mentions;

/// <summary>
/// Names of territories (one word, or one word after Le/La/Les/L') that are also ordinary French words,
/// in <see cref="Contrevue.Infrastructure.Text.SearchText"/> form: "tours", "sens", "orange", "vue", "y".
/// Written in the middle of a sentence with a capital they are the place; at the start of a sentence,
/// where every word takes a capital, they need context.
/// </summary>
/// <remarks>
/// Generated: the names of <c>data/decoupage-administratif</c> found in the word list of the npm package
/// <c>an-array-of-french-words</c> 2.0.0 (MIT, from the Letterpress list), accents and case left out.
/// Regenerate when the territory data brings new names; a name missing here is only treated as a proper noun.
/// </remarks>
internal static class CommonWordNames
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(Words.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private const string Words =
        "abondance abondant achards acon adrets agnat agneaux aigle aigre aiguilles aiguillon aillas aime aire aires " +
        "alaise ales allegre alliat allier allies allons alloue altier ambon ambres ames amure anche andouille ange " +
        "angles anglet angoisse annelles anse appelle aramon arboras arceau arches arcon arcs ardentes ares argentan " +
        "argentat argentine armes arques arroses ars asque asques astis athee attaques aubaine aube aubin aucun auge " +
        "aurons autels autruche aveux avion aviron avirons avoine avril axat azur baby baccarat bachant bachas baffe " +
        "bagnoles baignes baille bains bais baleine ballon ballons ballots banne bannes bannieres bans bar barbas bard " +
        "barde barges barils baron baronnie barras barre bars basses bastide bataille baties bats baud bauge baume " +
        "bavent bayas baye bayons beaux begues belvedere benet bergeres berne bernes besace bettes bey biches bidon " +
        "bief bielle bille binas blanc blet blond boesses bois boisseau boisseaux bondons bonhomme bonne bonnes bonnet " +
        "bordeaux bordes bords borne bosse bossee boucau bouchage bouchon boudes boue bouee bougon bouillante bouille " +
        "bouillie bouillon boulange boulin boulon boulot bouquet bourdon bourdonne bourg bourgogne bourguignon " +
        "bourguignons bourre boursieres bouteille bouvieres bran branches brandon brans brantes bras brasseuse braye " +
        "breches breles bremes brette brettes breves breviaires brie briffons brigue broc brosses brou brouilla brousse " +
        "broye broyes bru brulais brunet brusque bruyere bruyeres bu bue buire buis buisson bulle bulles bure burelles " +
        "bures bus cabanasse cabanes cabris cagnotte cailla caille calais cales calvados camarade cambrai came " +
        "camembert campagne campes canari cancale cannelle cannes cantal capelle captieux carcans cardan carnet cars " +
        "casses cassis casson castres cause cavaillon cavalerie caves ceignes celle celles cellier celliers cendras " +
        "cendre centres cerbere cercles cercueil cerise cerisiers cesse cesseras chablis chaise chambre champagne " +
        "champenoise champis champs chance change chanteau chanterelle chantes chantilly chapeau chapelle chapelles " +
        "charbonnat charbonnieres charge charme charmee charmes charron chars chas chassant chasse chasselas " +
        "chataigneraie chatain chateau chateaubriant chatelain chatelaine chatre chatres chatte chaudiere chaume " +
        "chaussee chauve chaux cheffes chemin cheminas cheminot chene chenevieres chenu cher cheres cheris cherre " +
        "chevaline chevillard cheville chevreaux chevrier chevrieres chiche choisies choux choye cierges cieux cigogne " +
        "cintre cires cirieres ciron citerne clam clans clapier clapiers clave clavette claviers clayette clefs clisse " +
        "cloue cluses cochere cogna cognac coinces coings collat collegien colombe colombes colombier colombiers " +
        "colombine colonne coltines combes comblanchien combles compas compote comte conde condes condom confort " +
        "conques conquet conte contes contre contres coquille corbeilles cordelle cordon cordonnet cormier cornac " +
        "cornant cornas corne cornier cornus coron corps corse cote coteau couarde couches coudes coudons coudre " +
        "couleuvre coulombs coulommiers courant courbe courbes courbette couronne cours courson courtes courtine " +
        "couture coutures couvains cramant crans creances creche crepon creuse crevant crique crisse croix crosses " +
        "croutes cuis cula cultures cures cuvat cuve cuves cuvier dangers dardez dauphin degre demie denier desert " +
        "deserts detroit deviat devise diamant dole don donjon dorat doree douai doue douelle douillet doux douzains " +
        "douze drain drap drenne dry dumes dunes duras ecaille echalas echelle echelles eclaires ecole ecorces ecorches " +
        "ecot ecueil ecuelle ecuelles ecuisses ecuras ecurat ecurie elan elbeuf engins entrelacs epannes epargnes " +
        "epiais epierre epinant epine epineuse erre escale escales esches escot escots espere essarts esse estampes " +
        "estivaux etable etables etain etais etalon etampes etangs etoile eu eus fa falaise fargues faucon faux feins " +
        "felines felon fenouillet fermete ferre ferres fete feuilla feuillee feule feux feves fiefs fieu fieux fille " +
        "fins fleche fleurat fleure fleurie florentin flotte folie folies folles fontaine fontainebleau fontaines " +
        "fontanges fontes force forestiere forge forges fors forteresse fosse fosses fougere fougeres fouilleuse four " +
        "fourches fourneaux fours frais francs frenes fretin frette frettes frise fromental frontignan fronton fuisse " +
        "gaillard gaillarde gap garancieres garat garde garons garrigues gars gaude gemeaux genas genat gene genets " +
        "genettes germaine germaines geste gilles giraumont girolles giron gironde givre glacerie glaire gland glandage " +
        "glanes gonds gorges gosier goulet gousse gouts gouttieres gouvernes goyave graces grand grange granges gras " +
        "grasse grave gravelle greges grenade grenant gres grignon grillon grimaud grisolles grives grues gruyeres " +
        "gueret gueux guiche guignes guillaumes guise habit haies haleine halles hanches harengere hauban haussez havre " +
        "hem herbiers heres herisson heron hommes hopital hotellerie houblonniere houdan houilles houlette housseras " +
        "houx huez huisserie hure ifs irai irais isola issus jacque jalons jans jardin jarret jars jas job jonchere " +
        "joncheres joyeuse joyeux juif julienne jumeaux jumel jumelles jura jure jury lacs laize lama lance lancon " +
        "landes lange langeais laps lasse lattes laye leches lege lemmes lent lentilles lento leves levier lias liege " +
        "lies liez ligne lignerolles lilas limans limas lime limoges limon limons linge liniers lire lisse lisses " +
        "livarot livet loche loches lods loge loges lombard long longeron longes lorette lorrain lot louches loue louer " +
        "loueuse lougres loupe loupes lourde lourdes lue luisant lumes lusse lutter lux luxe luzerne lys mache machine " +
        "maclas macon madeleine madre mage magenta mages magnant magnas magne maillas maillat maille maillet maillot " +
        "maire maisons male maltat mana manas manche manoir mans manses marchais marche marches mare marennes marges " +
        "marie marigot marin marines marions marne marnes maroilles marques marquise marre mars martel martinet martre " +
        "martres martyre mascaras massais massat maure mauves maux medis mela menades menat mene mens menton menus mer " +
        "mere merles messe metairies meures migre millas minerve minot mire mirepoix miroir misse moeres moire moisson " +
        "moita mole molles monastere monceaux monnaie mont montagne montat monte montmorency monts morillon morte " +
        "mortiers motte mouchard mouche mouches mouettes mouille moule moulines moulinet moulins moult mouriez mouron " +
        "mousse mousson moutiers mouton moutonne moye moyen muids munster murat mure mures muret murette murs mus nages " +
        "nattages nivelle noce nord normee norrois noue noves noyant noyer noyers nuits oie oison olle omet ondes " +
        "ongles onzain oraison orange orgelet orges orgueil orin ormes orne ornes ors ota ouches oust ouste pageas " +
        "paille paillet palais palis palisse palmas palme pannes pantin parc parce parent paris parois pas passa " +
        "passage passais passavant pauvres pavant pavie peille peintre peintures pelouse pende penne perche pere peri " +
        "perigueux perles perron pers persan pertuis pesse piano pierre pierres pieux pilles pin pince pineaux pins " +
        "pionnat pis pithiviers pitres place places plaigne plaine plaisance plaisir plan planche planches planchez " +
        "planee planes planezes planques plans plats pleure pleurs poil poisson poissons poivres poix pommard pommera " +
        "pommier pommiers pomponne pont pontet pontets ponts porcheres porcherie port porta portes poses possession " +
        "pouille poulaines preaux precheur precieux premieres premontre pres priez primat prince prisse privas prouvais " +
        "provin provins pruines pruniers publier puits pure puy quarante quarte quartier quintal quinte racines rai " +
        "raids ramasse rance rances rancon randonnai rang rapa ratieres raves ravieres real recourt recouvrance " +
        "relevant remouille remuee rene rennes rentieres replonges reposoir reunion reveillon ri riche richelieu riez " +
        "rimons rions ris rivas rives riviere rivieres robert roc roche rocher roches rocque rocques rodes rodez rogna " +
        "rognes rognon rogues romain romaine romans ronde roquefort roquelaure roques roquette roquettes rosiere " +
        "rosieres rosis rots rouans rouelle rouelles rouet rouez rouge rouget rouille roulier rousses routes routier " +
        "rouvres roux rue rustiques sablieres sablonnieres sablons sabres sache sai saignes saillant sains saint " +
        "saintes sales salies salins salives salle salles salon sampans sana sancerre santes sarcelles sarrancolin " +
        "sassenage saules sauniere saunieres saurais saurat sauternes sauvages sauvat sauve savonnieres sceaux sciez " +
        "scille secheras secourt segalas selles seltz selve semons sen senaux sene sens sentinelle sequestre serez " +
        "serpent serre serres sers servais serval servant servies seuil sevis sevrai sevres sieges signes simple " +
        "singles sode sommant somme sommeilles son songeons sorbets sorbier sorbiers sore sorgues souche soucia soudan " +
        "soudat soude soues souille soula soulages soupir sourd souterraine soutiers soyers soyons suisse sure surin " +
        "suris survie sus syndicat table tablier tache taillades taillant taillee taillis talais talant taller talon " +
        "tampon tarare tardais tardes targe tartre tasse taule tavernes teille temple tende tendon tendron tendu teneur " +
        "terce termes ternes terrasse tesson thons thoras tierce tiercelet tiercent tillac tille tilleul titre toges " +
        "tombe tonnerre touche touches touille touques tour tourailles tourbes tourne tournes tourneur tours toussaint " +
        "trait trappes treilles tresse tresses treteau treve treves tricot trilla trimer trinite troche tronche " +
        "tronchet tuiliere tulle union us vacheres vacherie vaillant vains vaire val valence valenciennes valette " +
        "valines vallee valouse vals vanne vannes vans var varaignes vars vaudeville vaudoue vaux velu vendes venelles " +
        "venere venette vengeons ventes ventouse ver verdets verdier vereux verger verges vergne verin verines verlans " +
        "vernaux vernie verriere verrieres verrue vers vert vertus veuve veuves vichy vidai videlles viella vienne " +
        "viens vieux vif vigneaux vignes vignot ville villes vineuse violes vira vire vitre vitreux vives vivier " +
        "viviers viviez vogue voisines voue voyer vue y yebles ";
}
